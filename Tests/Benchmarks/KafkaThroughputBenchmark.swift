import Foundation
import Logging
import RosterKafka

/// Produce and consume throughput of the wrapper and of kcat against the same embedded broker, on the same data.
struct KafkaThroughputBenchmark {
    let cluster: MockKafkaCluster
    let messages: Int
    let payloadBytes: Int
    let partitions: Int32
    let logger = Logger(label: "bench")

    /// One measured line of the table.
    struct Measurement {
        var tool: String
        var operation: String
        var messages: Int
        var seconds: Double

        var rate: Double { Double(messages) / seconds }
    }

    /// The producer settings both tools use, so that they are compared like for like.
    static let producerSettings: [String: String] = [
        "enable.idempotence": "true", "acks": "all", "compression.type": "lz4", "linger.ms": "5",
        "batch.num.messages": "10000", "queue.buffering.max.messages": "100000",
    ]

    func run() throws -> [Measurement] {
        let wrapperTopic = "bench.wrapper"
        let kcatTopic = "bench.kcat"
        try cluster.provision(
            (0..<3).flatMap { round in
                [
                    TopicSpec(name: wrapperTopic + ".\(round)", partitions: partitions),
                    TopicSpec(name: kcatTopic + ".\(round)", partitions: partitions),
                ]
            })
        let payloads = (0..<1000).map { Self.payload(index: $0, bytes: payloadBytes) }
        let dataFile = try writeKcatInput(payloads)
        defer { try? FileManager.default.removeItem(atPath: dataFile) }

        // Produce three times each, alternating, and keep the median of each: one run is noisy on two cores.
        var wrapperRuns: [Measurement] = []
        var kcatRuns: [Measurement] = []
        for round in 0..<3 {
            wrapperRuns.append(try measureWrapperProduce(topic: wrapperTopic + ".\(round)", payloads: payloads))
            kcatRuns.append(try measureKcatProduce(topic: kcatTopic + ".\(round)", dataFile: dataFile))
        }
        return [
            median(wrapperRuns), median(kcatRuns),
            try measureWrapperConsume(topic: wrapperTopic + ".0"), try measureKcatConsume(topic: kcatTopic + ".0"),
        ]
    }

    private func median(_ runs: [Measurement]) -> Measurement {
        var result = runs.sorted { $0.rate < $1.rate }[runs.count / 2]
        result.operation += " (median of \(runs.count))"
        return result
    }

    static func payload(index: Int, bytes: Int) -> [UInt8] {
        let head =
            "{\"schema\":\"roster.contact-event/v1\",\"id\":\"bench-\(index)\",\"tenant\":\"dev\",\"type\":\"contact.upsert\","
            + "\"identifiers\":{\"mobile\":\"86138\(String(format: "%08d", index))\"},\"attributes\":{\"name\":\""
        let filler = String(repeating: "x", count: max(0, bytes - head.utf8.count - 4))
        return Array((head + filler + "\"}}").utf8)
    }

    private func writeKcatInput(_ payloads: [[UInt8]]) throws -> String {
        let path = NSTemporaryDirectory() + "roster-bench-\(UUID().uuidString).txt"
        var data = Data(capacity: messages * (payloadBytes + 1))
        for index in 0..<messages {
            data.append(contentsOf: payloads[index % payloads.count])
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private func measureWrapperProduce(topic: String, payloads: [[UInt8]]) throws -> Measurement {
        var producerConfig = KafkaProducerConfig()
        producerConfig.lingerMilliseconds = 5
        let producer = try KafkaProducer.make(
            config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers), producer: producerConfig,
            logger: logger)
        let started = ContinuousClock.now
        for index in 0..<messages {
            try producer.produce(OutgoingMessage(topic: topic, key: nil, value: payloads[index % payloads.count]))
        }
        try producer.flush(timeout: .seconds(120))
        return Measurement(tool: "roster wrapper", operation: "produce", messages: messages, seconds: started.elapsed)
    }

    private func measureWrapperConsume(topic: String) throws -> Measurement {
        let consumer = try KafkaConsumer.make(
            config: KafkaClientConfig(
                bootstrapServers: cluster.bootstrapServers, properties: ["fetch.wait.max.ms": "10"]),
            consumer: KafkaConsumerConfig(groupID: "bench-consumer", assignment: .whole(topics: [topic])),
            positions: { _ in [:] }, logger: logger)
        var received = 0
        let started = ContinuousClock.now
        while received < messages && started.elapsed < 120 {
            received += try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(200)).count
        }
        return Measurement(tool: "roster wrapper", operation: "consume", messages: received, seconds: started.elapsed)
    }

    private func measureKcatProduce(topic: String, dataFile: String) throws -> Measurement {
        let settings = Self.producerSettings.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        let started = ContinuousClock.now
        try Process.runChecked(
            "/usr/bin/kcat", ["-P", "-b", cluster.bootstrapServers, "-t", topic, "-l", dataFile] + settings)
        return Measurement(tool: "kcat", operation: "produce", messages: messages, seconds: started.elapsed)
    }

    private func measureKcatConsume(topic: String) throws -> Measurement {
        let started = ContinuousClock.now
        try Process.runChecked(
            "/usr/bin/kcat",
            [
                "-C", "-b", cluster.bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-c",
                String(messages),
                "-X", "fetch.wait.max.ms=10",
            ],
            discardOutput: true)
        return Measurement(tool: "kcat", operation: "consume", messages: messages, seconds: started.elapsed)
    }
}

extension ContinuousClock.Instant {
    /// Seconds since this instant.
    var elapsed: Double {
        let duration = ContinuousClock.now - self
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension Process {
    /// Runs a program to completion; throws when it exits non-zero.
    static func runChecked(_ path: String, _ arguments: [String], discardOutput: Bool = false) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if discardOutput { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(
                message: "\(path) \(arguments.prefix(6).joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}

/// A benchmark step that could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
