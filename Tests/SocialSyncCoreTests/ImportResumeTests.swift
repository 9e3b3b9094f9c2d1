import Foundation
import GRDB
import Logging
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Social import jobs across a restart", .timeLimit(.minutes(2)))
struct ImportResumeTests {
    @Test func aJobStoppedMidwayResumesAfterRestartAndImportsEveryRowOnce() async throws {
        // Given a worker importing a 5,000-row job two rows a chunk: far more chunks than it can run while a test busy
        // beside it keeps this one from stopping it (with 1,000 rows, the job once completed before the stop)
        let cluster = try TestCluster(partitions: 2)
        let directory = try TemporaryDirectory()
        let config = cluster.workerConfig(name: SocialSync.name, directory: directory.path)
        let settings = SocialImportRunner.Settings(chunkRows: 2, pollInterval: .milliseconds(20))
        let first = try SocialSync.build(config: config, logger: Logger(label: "first"), imports: settings)
        let rows = (1...5000).map { "R\($0)" }.joined(separator: "\n")
        try SocialUploads(dataDirectory: directory.path).save(Array(("LINE UID\n" + rows).utf8), jobID: "job-1")
        let now = Timestamps.format(Date())
        try await first.store.database.write { db in
            try ImportJobs.insert(
                db,
                SocialImportJob(
                    jobId: "job-1", tenant: "dev", channel: "line", fileName: "rows.csv", overwriteTags: false,
                    status: .waiting, total: 5000, rowsDone: 0, warnings: [], error: nil, createdAt: now,
                    updatedAt: now))
        }
        let running = RunningGroup(first.group)
        let started = try await eventually { try job(first.store).rowsDone >= 10 }

        // When the worker stops midway and a new one starts on the same state
        _ = await running.stop()
        let stopped = try job(first.store)
        // (the new worker takes bigger chunks, to finish soon)
        let second = try SocialSync.build(
            config: config, logger: Logger(label: "second"),
            imports: SocialImportRunner.Settings(chunkRows: 250, pollInterval: .milliseconds(20)))
        let resumed = RunningGroup(second.group)
        let completed = try await eventually {
            try job(second.store).status == .completed
                && second.store.counts(tenant: "dev", channel: .line).total == 5000
        }

        // Then the job was left importing part-way, and the new worker finished it with each row imported once
        #expect(started)
        #expect(stopped.status == .importing && stopped.rowsDone < 5000)
        #expect(completed)
        #expect(try job(second.store).rowsDone == 5000)
        #expect(
            try second.store.counts(tenant: "dev", channel: .line)
                == .init(channel: "line", effective: 5000, total: 5000))
        _ = await resumed.stop()
    }

    private func job(_ store: SocialStore) throws -> SocialImportJob {
        try #require(try store.database.read { try ImportJobs.fetch($0, jobID: "job-1") })
    }
}
