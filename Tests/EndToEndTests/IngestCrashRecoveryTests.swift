import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("The ingest process killed with SIGKILL mid-import", .timeLimit(.minutes(4)))
struct IngestCrashRecoveryTests {
    static let rows = 12_000

    @Test func restartResumesTheJobAndEndsWithExactlyTheExpectedContacts() async throws {
        // Given the resolver running in this process and the ingest executable against the same cluster
        let cluster = try TestCluster(partitions: 3)
        let directory = try TemporaryDirectory()
        let resolver = try IdentityResolver.build(
            config: cluster.workerConfig(name: IdentityResolver.name, directory: directory.path),
            logger: Logger(label: "resolver"))
        let resolving = RunningGroup(resolver.group)
        let environment = cluster.workerEnvironment(directory: directory.path)
        let first = try WorkerProcess.launch("ingest", environment: environment)
        let firstPort = try await first.readyPort()

        // When a file of distinct contacts is uploaded and its import started
        let csv = "email,name\n" + (0..<Self.rows).map { "r\($0)@example.com,Row \($0)" }.joined(separator: "\n") + "\n"
        let preview = try await Self.request(
            "POST", "http://127.0.0.1:\(firstPort)/v1/imports?purpose=add&filename=rows.csv", body: Data(csv.utf8))
        #expect(preview["importable"] as? Int == Self.rows)
        let job = try #require(preview["job_id"] as? String)
        _ = try await Self.request(
            "POST", "http://127.0.0.1:\(firstPort)/v1/imports/\(job)/start", body: Data(#"{"mode":"normal"}"#.utf8))

        // And ingest is killed once the job is under way, then restarted on the same data
        // Progress is read from ingest's own database file, not over HTTP, so that the kill lands early in the job.
        let ingestStore = try DatabaseQueue(
            path: "\(directory.path)/ingest.sqlite",
            configuration: {
                var c = Configuration(); c.readonly = true; return c
            }())
        var doneAtKill = 0
        #expect(
            try await eventually(every: .milliseconds(2)) {
                doneAtKill =
                    try await ingestStore.read {
                        try Int.fetchOne(
                            $0, sql: "SELECT rows_done FROM import_jobs WHERE job_id = ?", arguments: [job])
                    } ?? 0
                return doneAtKill > 0
            })
        first.kill()
        // Where the kill lands depends on the machine's load (IngestCoreTests crash a job after its first chunk
        // deterministically); whatever was done by then, the outcome below must be exact.
        let second = try WorkerProcess.launch("ingest", environment: environment)
        let secondPort = try #require(await second.httpPort())

        // Then the job completes and the resolver holds exactly one contact per row
        #expect(
            try await eventually(timeout: .seconds(150)) {
                (try? await Self.request("GET", "http://127.0.0.1:\(secondPort)/v1/imports/\(job)"))?["status"]
                    as? String == "completed"
            })
        #expect(
            try await eventually(timeout: .seconds(120)) {
                try resolver.store.counts(tenant: "dev").all == Self.rows
            })
        #expect(try resolver.store.contactID(tenant: "dev", kind: "email", value: "r0@example.com") != nil)
        #expect(
            try resolver.store.contactID(tenant: "dev", kind: "email", value: "r\(Self.rows - 1)@example.com") != nil)
        #expect(second.terminate() == 0)
        _ = await resolving.stop()
    }

    static func request(_ method: String, _ url: String, body: Data? = nil) async throws -> [String: Any] {
        HTTPCall.object(try await HTTPCall.send(method, url, body: body).body)
    }
}
