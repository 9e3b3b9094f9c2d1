import Foundation
import IngestCore
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization
import Testing

@Suite("Import jobs on a real store and broker", .timeLimit(.minutes(3)))
struct ImportJobTests {
    let modelCase = """
        mobile,email,name,member_points
        13800000001,ann@example.com,Ann,10
        138 0000 0001,,Ann again,

        ,,Nobody,
        ,bob@example.com,Bob,5

        """

    @Test func previewThenImportPublishesOneEventPerImportableRow() async throws {
        let ingest = try IngestHarness()
        // Given the manual's example file uploaded for add/update
        let preview = try await ingest.upload(Array(modelCase.utf8), purpose: "add", query: "&created_by=ann")

        // Then the preview counts it exactly and shows the rows as parsed
        #expect(preview.status == 201)
        let json = preview.json
        let jobID = try #require(json["job_id"] as? String)
        #expect([json["total"], json["duplicate"], json["invalid"], json["importable"]] as? [Int] == [5, 1, 3, 2])
        #expect(json["status"] as? String == "previewed")
        #expect(json["encoding"] as? String == "utf-8")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(
            rows.map { $0["status"] as? String } == ["importable", "duplicate", "invalid", "invalid", "importable"])
        #expect(rows[0]["cells"] as? [String] == ["13800000001", "ann@example.com", "Ann", "10"])
        #expect((json["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [2, 3, 4])

        // When it is started with a tag
        let started = try await ingest.start(
            jobID, ["tags": ["vip"], "hidden_tags": ["batch-7"], "mode": "normal", "started_by": "ann"])
        #expect(started.status == 202)
        #expect(["queued", "importing", "completed"].contains(started.json["status"] as? String ?? ""))
        let done = try await ingest.waitFor(jobID, ["completed", "failed"])

        // Then it completes with every row done and two events published
        #expect(done["status"] as? String == "completed")
        #expect([done["rows_done"], done["published"], done["total"]] as? [Int] == [5, 2, 5])
        #expect(done["created_by"] as? String == "ann")
        #expect(done["started_by"] as? String == "ann")
        let events = try await ingest.events(atLeast: 2)
        #expect(events.count == 2)
        #expect(events.map(\.key) == ["dev", "dev"])
        #expect(events.map(\.event.id) == ["import:\(jobID):1", "import:\(jobID):5"])
        #expect(events.map(\.event.type) == [.upsert, .upsert])
        #expect(events[0].event.identifiers == ["mobile": "13800000001", "email": "ann@example.com"])
        #expect(events[0].event.attributes == ["name": .string("Ann"), "member_points": .int(10)])
        #expect(events[1].event.identifiers == ["email": "bob@example.com"])
        #expect(events.allSatisfy { $0.event.tags == ["vip"] && $0.event.mode == .normal })
        #expect(events.allSatisfy { $0.event.hiddenTags == ["batch-7"] })
        #expect(events.allSatisfy { $0.event.source == "import:\(jobID)" })
        #expect(events[0].event.occurredAt == done["started_at"] as? String)

        // And the list and the error report show it
        let list = try await ingest.json("GET", "/v1/imports").json["jobs"] as? [[String: Any]]
        #expect(list?.map { $0["job_id"] as? String } == [jobID])
        let report = String(decoding: try await ingest.call("GET", "/v1/imports/\(jobID)/errors").body, as: UTF8.self)
        #expect(
            report == "\u{FEFF}row,column,value,reason\r\n"
                + "2,mobile,138 0000 0001,duplicates row 1 (mobile 8613800000001)\r\n"
                + "3,,,is an empty row\r\n"
                + "4,,,\"has no primary key: mobile, email are all empty\"\r\n")

        // And the imported rows can be downloaded, as the file had them
        let imported = String(
            decoding: try await ingest.call("GET", "/v1/imports/\(jobID)/rows").body, as: UTF8.self)
        #expect(
            imported == "\u{FEFF}row,mobile,email,name,member_points\r\n" + "1,13800000001,ann@example.com,Ann,10\r\n"
                + "5,,bob@example.com,Bob,5\r\n")
        await ingest.stop()
    }

    @Test func aFastImportKeepsNoRowsToDownload() async throws {
        let ingest = try IngestHarness()
        let preview = try await ingest.upload(Array("email\nfast@example.com\n".utf8), purpose: "add")
        let jobID = try #require(preview.json["job_id"] as? String)
        _ = try await ingest.start(jobID, ["mode": "fast"])
        #expect(try await ingest.waitFor(jobID, ["completed", "failed"])["status"] as? String == "completed")

        let answer = try await ingest.json("GET", "/v1/imports/\(jobID)/rows")
        #expect(answer.status == 410)
        #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "no_rows_kept")
        await ingest.stop()
    }

    @Test func unsubscribeImportsPublishSubscriptionChangesWithTheFilesIdsAndTimes() async throws {
        let ingest = try IngestHarness()
        let csv = "email,event_id,create_time\na@example.com,u-1,2026-03-01 08:00:00\nb@example.com,u-2,2026-03-02\n"
        let jobID = try #require(
            try await ingest.upload(Array(csv.utf8), purpose: "unsubscribe-email").json["job_id"] as? String)

        _ = try await ingest.start(jobID)
        #expect(try await ingest.waitFor(jobID, ["completed", "failed"])["status"] as? String == "completed")

        let events = try await ingest.events(atLeast: 2).map(\.event)
        #expect(events.map(\.id) == ["unsubscribe:dev:u-1", "unsubscribe:dev:u-2"])
        #expect(events.map(\.type) == [.subscription, .subscription])
        #expect(events.map(\.channel) == [.email, .email])
        #expect(events.map(\.subscribed) == [false, false])
        #expect(events.map(\.occurredAt) == ["2026-03-01T08:00:00Z", "2026-03-02T00:00:00Z"])
        await ingest.stop()
    }

    @Test func cancellingStopsARunningJobAndAQueuedOneNeverRuns() async throws {
        // Given a runner that holds after its first chunk of one row until released
        let release = DispatchSemaphore(value: 0)
        let held = Mutex(0)
        let ingest = try IngestHarness(
            settings: .init(chunkRows: 1, pollInterval: .milliseconds(50)),
            hooks: .init(afterChunk: { _, _ in
                if held.withLock({
                    $0 += 1; return $0
                }) == 1 {
                    _ = release.wait(timeout: .now() + 90)
                }
            }))
        let first = "mobile\n13800000001\n13800000002\n13800000003\n13800000004\n"
        let running = try #require(try await ingest.upload(Array(first.utf8), purpose: "add").json["job_id"] as? String)
        let waiting = try #require(
            try await ingest.upload(Array("mobile\n13900000001\n".utf8), purpose: "add").json["job_id"] as? String)
        _ = try await ingest.start(running)
        _ = try await ingest.start(waiting)
        #expect(try await eventually(timeout: .seconds(90)) { held.withLock { $0 } == 1 })

        // When both are cancelled, the first while it runs and the second while it waits its turn
        let cancelledQueued = try await ingest.json("POST", "/v1/imports/\(waiting)/cancel")
        let cancelledRunning = try await ingest.json("POST", "/v1/imports/\(running)/cancel")
        release.signal()

        // Then both end cancelled, the running one after the chunk in hand, and the queued one published nothing
        #expect(cancelledQueued.json["status"] as? String == "cancelled")
        #expect(cancelledRunning.json["status"] as? String == "cancelled")
        #expect(try await eventually(timeout: .seconds(90)) { held.withLock { $0 } == 2 })
        try await Task.sleep(for: .milliseconds(500))
        let final = try await ingest.json("GET", "/v1/imports/\(running)").json
        #expect(final["status"] as? String == "cancelled")
        #expect(final["rows_done"] as? Int == 1)
        let events = try await ingest.events(atLeast: 3, timeout: .seconds(3)).map(\.event.id)
        #expect(events == ["import:\(running):1", "import:\(running):2"])
        #expect(try await ingest.json("POST", "/v1/imports/\(running)/cancel").status == 409)
        await ingest.stop()
    }

    @Test func aJobInterruptedMidImportResumesAtRestartAndPublishesEveryRow() async throws {
        struct Crash: Error {}
        // Given a worker that crashes right after recording its first chunk of two rows
        let cluster = try TestCluster(partitions: 2)
        let directory = try TemporaryDirectory()
        let first = try IngestHarness(
            cluster: cluster, directory: directory, hooks: .init(afterChunk: { _, _ in throw Crash() }))
        let csv = "mobile\n" + (1...7).map { "1380000000\($0)" }.joined(separator: "\n") + "\n"
        let jobID = try #require(try await first.upload(Array(csv.utf8), purpose: "add").json["job_id"] as? String)
        _ = try await first.start(jobID)
        guard case .failure = await first.group.finished() else {
            Issue.record("the worker did not stop at the crash")
            return
        }
        let interrupted = try first.store.job(jobID: jobID, tenant: "dev")
        #expect(interrupted.status == .importing)
        #expect(interrupted.rowsDone == 2)

        // When the worker starts again on the same state
        let second = try IngestHarness(cluster: cluster, directory: directory)
        let done = try await second.waitFor(jobID, ["completed", "failed"])

        // Then the job completes, and every row's event is on the topic exactly once by id
        #expect(done["status"] as? String == "completed")
        #expect(done["rows_done"] as? Int == 7)
        #expect(done["published"] as? Int == 7)
        let ids = try await second.events(atLeast: 7).map(\.event.id)
        #expect(ids == (1...7).map { "import:\(jobID):\($0)" })
        await second.stop()
    }

    @Test func anUploadACrashCutShortLeavesNoFileAfterTheRestart() async throws {
        // Given the uploads folder of a worker that was killed while a 3 MB upload arrived
        let directory = try TemporaryDirectory()
        let uploads = directory.path + "/ingest-uploads"
        try FileManager.default.createDirectory(atPath: uploads, withIntermediateDirectories: true)
        let partial = uploads + "/imp_0123456789abcdef.upload.partial"
        try Data(repeating: 0x41, count: 3 << 20).write(to: URL(fileURLWithPath: partial))

        // When the worker starts again on that folder
        let ingest = try IngestHarness(directory: directory)

        // Then the partial file is gone, and uploads work as before
        #expect(!FileManager.default.fileExists(atPath: partial))
        let preview = try await ingest.upload(Array("mobile\n13800000001\n".utf8), purpose: "add").json
        #expect(preview["importable"] as? Int == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: uploads).map { $0.hasSuffix(".upload") } == [true])
        await ingest.stop()
    }
}
