import Foundation
import Glibc
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization
import Testing

@Suite("A worker process on SIGTERM", .timeLimit(.minutes(2)))
struct ProcessShutdownTests {
    @Test func sigtermFinishesTheBatchCommitsAndExitsZero() async throws {
        // Given the identity-resolver executable running against an in-process cluster
        let cluster = try TestCluster(partitions: 3)
        let directory = try TemporaryDirectory()
        let worker = try WorkerProcess.launch(
            "identity-resolver", environment: cluster.workerEnvironment(directory: directory.path))
        let port = try await worker.readyPort()

        // When 20 contacts arrive and it is sent SIGTERM once they are applied
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        try await producer.send(
            try (0..<20).map { index in
                OutgoingMessage(
                    topic: cluster.topic("cdp.contact-events"), key: "dev",
                    value: try Topics.contactEvents.encode(
                        ContactEvent(
                            id: "p\(index)", tenant: "dev", type: .upsert, occurredAt: "2026-11-20T08:00:00Z",
                            identifiers: ["email": "p\(index)@example.com"])))
            })
        #expect(
            try await eventually {
                try await HTTPProbe.json("http://127.0.0.1:\(port)/v1/contacts/counts", token: TestTokens.admin)["all"]
                    as? Int == 20
            })
        let status = worker.terminate()

        // Then it exits 0 and the group's committed offsets reach the end of the log
        #expect(status == 0)
        let admin = try KafkaAdmin.make(config: cluster.clientConfig)
        let partitions = (0..<cluster.partitions).map {
            TopicPartition(topic: cluster.topic("cdp.contact-events"), partition: $0)
        }
        let committed = try admin.committedOffsets(group: "identity-resolver", partitions: partitions)
        for partition in partitions {
            #expect(committed[partition, default: 0] == (try admin.watermarks(partition).high))
        }
    }
}

/// A worker executable from this package's build folder, started with its log captured.
final class WorkerProcess: Sendable {
    private let process: Process
    private let log = Mutex("")

    private init(process: Process) { self.process = process }

    static func launch(_ name: String, environment: [String: String]) throws -> WorkerProcess {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let executable = root.appendingPathComponent(".build/debug/\(name)")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw RosterError.startup("\(executable.path) is not built; run `swift build` first")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--http-port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let worker = WorkerProcess(process: process)
        errors.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            worker.log.withLock { $0 += text }
        }
        try process.run()
        return worker
    }

    /// The HTTP port, once `/readyz` answers 200 there.
    func readyPort() async throws -> Int {
        guard let port = await httpPort(),
            try await eventually({ try await HTTPProbe.status("http://127.0.0.1:\(port)/readyz") == 200 })
        else { throw RosterError.startup("the worker process did not become ready") }
        return port
    }

    /// The port from the server's "listening on" log line.
    func httpPort() async -> Int? {
        var port: Int?
        _ = await eventually {
            port = log.withLock { log in
                log.split(separator: "\n").lazy.compactMap { line -> Int? in
                    guard let range = line.range(of: "listening on 127.0.0.1:") else { return nil }
                    return Int(line[range.upperBound...].prefix { $0.isNumber })
                }.first
            }
            return port != nil
        }
        return port
    }

    /// Kills the process with SIGKILL, as a crash would, and waits for it to be gone.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and returns the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }
}

/// Small HTTP calls for process tests.
enum HTTPProbe {
    static func status(_ url: String) async throws -> Int {
        try await HTTPCall.send("GET", url, token: nil).status
    }

    static func json(_ url: String, token: String) async throws -> [String: Any] {
        HTTPCall.object(try await HTTPCall.send("GET", url, token: token).body)
    }
}
