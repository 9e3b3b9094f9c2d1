import Prometheus

/// The Prometheus metrics every worker exports at `/metrics`, labelled with the worker's name.
public final class WorkerMetrics: Sendable {
    /// The registry `/metrics` renders; workers may add their own metrics to it.
    public let registry: PrometheusCollectorRegistry
    /// Messages read from Kafka.
    public let consumed: Counter
    /// Messages applied to the store (duplicates skipped are not counted).
    public let applied: Counter
    /// Messages skipped because their event id was applied before.
    public let duplicates: Counter
    /// Messages sent to the dead-letter topic.
    public let deadLettered: Counter
    /// Messages produced and acknowledged.
    public let produced: Counter
    /// Positions found outside the log (data evicted before it was read).
    public let offsetOutOfRange: Counter
    /// Time to apply and commit one batch.
    public let batchLatency: DurationHistogram
    private let worker: String

    public init(worker: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.worker = worker
        self.registry = registry
        let labels = [("worker", worker)]
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: Self.descriptor(name, unit: "total", help: help), labels: labels)
        }
        consumed = counter("messages_consumed", "Messages read from Kafka.")
        applied = counter("messages_applied", "Messages applied to the store.")
        duplicates = counter("messages_duplicate", "Messages skipped because their event id was applied before.")
        deadLettered = counter("messages_dead_lettered", "Messages sent to the dead-letter topic.")
        produced = counter("messages_produced", "Messages produced and acknowledged.")
        offsetOutOfRange = counter(
            "consumer_offset_out_of_range", "Stored positions found outside the log (data evicted before it was read).")
        batchLatency = registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "batch_duration", unit: "seconds", help: "Time to apply and commit one batch and send what it queued."),
            labels: labels,
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500),
                .seconds(2), .seconds(10),
            ])
    }

    /// A metric named `roster_<name>_<unit>`.
    static func descriptor(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "roster", metricName: name, unitName: unit, helpText: help)
    }

    /// Sets the consumer lag gauge of one partition.
    public func recordLag(topic: String, partition: Int32, messages: Int64) {
        registry.makeGauge(
            descriptor: Self.descriptor(
                "consumer_lag", unit: "messages", help: "Messages between the consumer's position and the log's end."),
            labels: [("worker", worker), ("topic", topic), ("partition", String(partition))]
        ).set(Double(messages))
    }

    /// Counts messages the worker produced outside the outbox (bulk imports, say).
    public func recordProduced(_ count: Int) {
        produced.increment(by: Int64(count))
    }

    /// Adds to a worker-specific counter `roster_<name>_total`, created on first use (`identity_guard`, say).
    public func count(_ name: String, help: String, labels: [(String, String)] = [], by amount: Int64 = 1) {
        registry.makeCounter(
            descriptor: Self.descriptor(name, unit: "total", help: help), labels: [("worker", worker)] + labels
        ).increment(by: amount)
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
