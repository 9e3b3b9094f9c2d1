import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import SegmenterCore
import ServiceLifecycle
import Synchronization

/// Incremental latency: contact events published on `cdp.contact-events` at a steady rate, each a new contact's
/// `email_open`, resolved by the identity resolver and re-evaluated by the segmenter against "did email_open";
/// measured from each event's publication to its entry arriving on `cdp.segment-membership`. The clock starts once a
/// warm-up event has made the whole trip (the first messages of each producer otherwise wait for its first metadata
/// request and connections: up to 0.7 s, in the first second only, which alone put p99 over 100 ms).
struct SegmenterLatencyBenchmark {
    let cluster: MockKafkaCluster
    let rate: Int
    let seconds: Int
    /// Milliseconds the publisher of the contact events lingers to batch them (`KafkaProducerConfig`'s default: 5).
    var producerLinger = 5
    let logger = Logger(label: "bench")

    struct Result {
        var sent: Int
        var received: Int
        /// Milliseconds, sorted.
        var latencies: [Double]
        /// Milliseconds of the events sent in each 15-s window of the run, sorted: whether latency grows as it goes
        /// on (the embedded broker's cost per fetch grows with the length of each partition's log).
        var windows: [[Double]]
        /// Messages each worker had yet to consume when the last event was published.
        var resolverLag: Int64
        var segmenterLag: Int64
        /// CPU seconds the whole process (resolver, segmenter, broker and this client) used while publishing and
        /// until the last entry arrived.
        var cpuSeconds: Double
        /// CPU seconds of those on the embedded broker's thread.
        var brokerCPUSeconds: Double
    }

    func run() async throws -> Result {
        let prefix = "latency."
        try cluster.provision(TopicPlan.specs(prefix: prefix, partitions: 4))
        let directory = NSTemporaryDirectory() + "roster-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func config(_ name: String) -> WorkerConfig {
            WorkerConfig(
                name: name, bootstrapServers: cluster.bootstrapServers, topicPrefix: prefix, dataDirectory: directory,
                httpPort: 0, batchSize: 500, logLevel: .warning)
        }
        let resolver = try IdentityResolver.build(config: config(IdentityResolver.name), logger: logger)
        let segmenter = try Segmenter.build(config: config(Segmenter.name), logger: logger)
        let running = [resolver.group, segmenter.group].map { group in Task { try await group.run() } }
        defer { running.forEach { $0.cancel() } }
        while !(resolver.worker.readiness.isReady && segmenter.worker.readiness.isReady) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let client = KafkaClientConfig(
            bootstrapServers: cluster.bootstrapServers, properties: KafkaClientConfig.embeddedBrokerTuning)
        var publisher = KafkaProducerConfig()
        publisher.lingerMilliseconds = producerLinger
        let producer = try KafkaProducer.make(config: client, producer: publisher, logger: logger)
        let definition = try WireCodec.decode(
            SegmentDefinition.self,
            from: Array(
                #"{"name": "Openers", "type": "standard", "clusters": [{"join": "and", "conditions": [{"event": "email_open"}]}]}"#
                    .utf8))
        let record = SegmentRecord(
            id: "def-openers", tenant: "dev", kind: .segment, action: .upsert, segmentId: "openers", version: 1,
            definition: definition, actor: "bench", at: Timestamps.format(Date()))
        try await producer.send([
            OutgoingMessage(
                topic: prefix + Topics.segmentDefinitions.baseName, key: record.key,
                value: try Topics.segmentDefinitions.encode(try record.payload))
        ])
        while try await segmenter.worker.database.read({
            try SegmentDirectory.segment($0, tenant: "dev", id: "openers")
        })
            == nil
        {
            try await Task.sleep(for: .milliseconds(20))
        }

        let total = rate * seconds
        let arrivals = Mutex<[String: ContinuousClock.Instant]>([:])
        let reader = Task {
            try await BlockingThread.run(name: "bench-membership") {
                let consumer = try KafkaConsumer.make(
                    config: client,
                    consumer: KafkaConsumerConfig(
                        groupID: "bench-latency",
                        assignment: .whole(topics: [prefix + Topics.segmentMembership.baseName])),
                    positions: { _ in [:] }, logger: logger)
                let deadline = ContinuousClock.now + .seconds(seconds + 60)
                while arrivals.withLock({ $0.count }) < total + 1 && ContinuousClock.now < deadline {
                    for message in try consumer.poll(maxMessages: 1000, timeout: .milliseconds(20)) {
                        guard let value = message.value else { continue }
                        let change = try Topics.segmentMembership.decode(value)
                        arrivals.withLock { $0[change.contactId] = .now }
                    }
                }
            }
        }
        let topic = prefix + Topics.contactEvents.baseName
        // One event through every hop before the clock starts, so that the first measured events do not wait for the
        // producers' first metadata requests and connections.
        try await producer.send([
            OutgoingMessage(
                topic: topic, key: "dev",
                value: try Topics.contactEvents.encode(
                    ContactEvent(
                        id: "warm-up", tenant: "dev", type: .activity, occurredAt: Timestamps.format(Date()),
                        identifiers: ["email": "warm-up@example.com"], event: "email_open", properties: [:])))
        ])
        let warmUpDeadline = ContinuousClock.now + .seconds(60)
        while arrivals.withLock({ $0.isEmpty }) {
            guard ContinuousClock.now < warmUpDeadline else {
                throw BenchmarkError(message: "the warm-up event's entry did not arrive in 60 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let cpuStarted = ProcessUsage.now().cpuSeconds
        let brokerCPUStarted = ProcessUsage.threadCPUSeconds(named: "rdk:mock")
        var sentAt: [ContinuousClock.Instant] = []
        sentAt.reserveCapacity(total)
        let started = ContinuousClock.now
        for index in 0..<total {
            let due = started + .microseconds(Int64(index) * 1_000_000 / Int64(rate))
            if due > .now { try await Task.sleep(until: due, clock: .continuous) }
            let event = ContactEvent(
                id: "open-\(index)", tenant: "dev", type: .activity, occurredAt: Timestamps.format(Date()),
                identifiers: ["email": "open\(index)@example.com"], event: "email_open", properties: [:])
            sentAt.append(.now)
            try producer.produce(
                OutgoingMessage(topic: topic, key: "dev", value: try Topics.contactEvents.encode(event)))
        }
        try producer.flush()
        let lags = (
            resolver.worker.readiness.report(worker: IdentityResolver.name).lag,
            segmenter.worker.readiness.report(worker: Segmenter.name).lag
        )
        try await reader.value
        let cpuSeconds = ProcessUsage.now().cpuSeconds - cpuStarted
        let brokerCPUSeconds = ProcessUsage.threadCPUSeconds(named: "rdk:mock") - brokerCPUStarted
        var latencies: [Double] = []
        var windows = [[Double]](repeating: [], count: (seconds + Self.window - 1) / Self.window)
        let received = arrivals.withLock { $0 }
        for (contact, arrival) in received {
            guard let email = try resolver.store.contact(tenant: "dev", id: contact)?.identifiers["email"]?.first,
                let index = Int(email.dropFirst("open".count).prefix { $0.isNumber })
            else { continue }
            let duration = arrival - sentAt[index]
            let milliseconds =
                Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            latencies.append(milliseconds)
            windows[min(windows.count - 1, index / (rate * Self.window))].append(milliseconds)
        }
        return Result(
            sent: total, received: latencies.count, latencies: latencies.sorted(), windows: windows.map { $0.sorted() },
            resolverLag: lags.0, segmenterLag: lags.1, cpuSeconds: cpuSeconds,
            brokerCPUSeconds: brokerCPUSeconds)
    }

    /// Seconds of each window `Result.windows` reports.
    static let window = 15
}
