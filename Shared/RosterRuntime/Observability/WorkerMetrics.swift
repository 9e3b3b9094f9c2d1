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
        consumed = registry.makeCounter(name: "roster_messages_consumed_total", labels: labels)
        applied = registry.makeCounter(name: "roster_messages_applied_total", labels: labels)
        duplicates = registry.makeCounter(name: "roster_messages_duplicate_total", labels: labels)
        deadLettered = registry.makeCounter(name: "roster_messages_dead_lettered_total", labels: labels)
        produced = registry.makeCounter(name: "roster_messages_produced_total", labels: labels)
        offsetOutOfRange = registry.makeCounter(name: "roster_consumer_offset_out_of_range_total", labels: labels)
        batchLatency = registry.makeDurationHistogram(
            name: "roster_batch_duration_seconds", labels: labels,
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500),
                .seconds(2), .seconds(10),
            ])
    }

    /// Sets the consumer lag gauge of one partition.
    public func recordLag(topic: String, partition: Int32, messages: Int64) {
        registry.makeGauge(
            name: "roster_consumer_lag_messages",
            labels: [("worker", worker), ("topic", topic), ("partition", String(partition))]
        ).set(Double(messages))
    }

    /// Counts messages the worker produced outside the outbox (bulk imports, say).
    public func recordProduced(_ count: Int) {
        produced.increment(by: Int64(count))
    }

    /// Adds to a worker-specific counter, created on first use (`roster_identity_guard_total`, say).
    public func count(_ name: String, labels: [(String, String)] = [], by amount: Int64 = 1) {
        registry.makeCounter(name: name, labels: [("worker", worker)] + labels).increment(by: amount)
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
