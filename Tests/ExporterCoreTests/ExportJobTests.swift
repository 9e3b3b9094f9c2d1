import Foundation
import RosterModel
import RosterTestSupport
import Synchronization
import Testing

@testable import ExporterCore

@Suite("Export jobs on a real store and broker", .timeLimit(.minutes(3)))
struct ExportJobTests {
    /// Five dev contacts and one of another tenant; c1, c2 and c4 are real-name, c3 and c5 WeChat fans.
    static let contacts: [ProfileSnapshot] = [
        ExportFiles.snapshot(
            "c1", attributes: ["name": .string("Ann"), "member_points": .int(10), "city": .string("Shanghai")],
            identifiers: ["mobile": ["8613800000001"]], tags: ["vip"]),
        ExportFiles.snapshot(
            "c2", attributes: ["name": .string("=cmd|' /C calc'!A0"), "member_points": .int(20)],
            identifiers: ["email": ["bob@example.com"]]),
        ExportFiles.snapshot(
            "c3", attributes: ["name": .string("Cai"), "city": .string("Beijing")],
            identifiers: ["wechat_openid": ["o-3"]], tags: ["vip"]),
        ExportFiles.snapshot(
            "c4", attributes: ["name": .string("Dee"), "city": .string("shanghai pudong")],
            identifiers: ["mobile": ["8613800000004"], "wechat_openid": ["o-4"]]),
        ExportFiles.snapshot("c5", attributes: ["name": .string("Eve")], identifiers: ["wechat_openid": ["o-5"]]),
        ExportFiles.snapshot("x1", tenant: "acme", attributes: ["name": .string("Other")]),
    ]

    @Test func segmentExportHoldsExactlyTheCurrentMembersAndAnnouncesItOnce() async throws {
        let exporter = try ExporterHarness()
        // Given contacts, and membership changes: c1 and c2 entered, c3 entered then exited, c4 entered then its key
        // was tombstoned, c5 entered another segment, and a stale "exited" of c1 arrived after its entry
        try await exporter.publish(Self.contacts)
        try await exporter.publish(memberships: [
            membership("seg-1", "c1", .entered, at: "2026-03-01T10:00:00Z"),
            membership("seg-1", "c2", .entered, at: "2026-03-01T10:00:00Z"),
            membership("seg-1", "c3", .entered, at: "2026-03-01T10:00:00Z"),
            membership("seg-1", "c3", .exited, at: "2026-03-02T10:00:00Z"),
            membership("seg-1", "c4", .entered, at: "2026-03-01T10:00:00Z"),
            ("dev/seg-1/c4", nil),
            membership("seg-2", "c5", .entered, at: "2026-03-01T10:00:00Z"),
            membership("seg-1", "c1", .exited, at: "2026-02-01T10:00:00Z"),
        ])

        // When the segment is exported as CSV with two attributes
        let id = try await exporter.request([
            "scope": "segment", "target": "seg-1", "format": "csv", "attributes": ["contact_id", "name"],
            "notify_email": "ops@example.com", "requested_by": "ann",
        ])
        let job = try await exporter.waitForSettled(id)

        // Then the job completed with both members written, and the file holds exactly them, the formula inert
        #expect(job["status"] as? String == "completed")
        #expect([job["rows_written"], job["total"]] as? [Int] == [2, 2])
        #expect(job["download_path"] as? String == "/v1/exports/\(id)/file")
        let file = try await exporter.download(id)
        #expect(file.status == 200)
        #expect(
            try ExportFiles.csvRows(file.path) == [["联系人ID", "姓名"], ["c1", "Ann"], ["c2", "'=cmd|' /C calc'!A0"]])

        // And one result message carries the job's id, recipient, rows, size, checksum and download path
        let results = try await exporter.results(atLeast: 2, timeout: .seconds(3))
        #expect(results.count == 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        #expect(results.first?.key == "dev/\(id)")
        #expect(
            results.first?.result
                == ExportResult(
                    id: id, tenant: "dev", status: "completed", rows: 2, bytes: bytes.count,
                    sha256: job["sha256"] as? String ?? "", downloadPath: "/v1/exports/\(id)/file",
                    notifyEmail: "ops@example.com"))
        #expect((job["sha256"] as? String)?.count == 64)
        #expect(job["bytes"] as? Int == bytes.count)
        await exporter.stop()
    }

    @Test func categoryAndSearchExportsSelectTheirContactsAndAttributes() async throws {
        let exporter = try ExporterHarness()
        // Given contacts and the tenant's own attribute `city`
        try await exporter.publish(definitions: [AttributeDefinition(key: "city", label: "City", type: .text)])
        try await exporter.publish(Self.contacts)

        // When the WeChat fans are exported as XLSX, and a search for VIPs, and for "shanghai" real-name contacts
        let fans = try await exporter.request([
            "scope": "category", "target": "wechat_fans", "format": "xlsx", "attributes": ["name", "city"],
        ])
        let vips = try await exporter.request(["scope": "search", "target": "tag=vip", "format": "csv"])
        let shanghai = try await exporter.request([
            "scope": "search", "target": "contains=city%3Dshanghai&category=real_name", "format": "csv",
            "attributes": ["name"],
        ])
        let byPhone = try await exporter.request([
            "scope": "search", "target": "where=mobile%3D13800000001", "format": "csv", "attributes": ["name"],
        ])
        let byEmail = try await exporter.request([
            "scope": "search", "target": "where=email%3DBob%40Example.com", "format": "csv", "attributes": ["name"],
        ])
        for id in [fans, vips, shanghai, byPhone, byEmail] { _ = try await exporter.waitForSettled(id) }

        // Then the fans' workbook holds c3, c4, c5 with just the two columns
        let workbook = try ExportFiles.xlsx(try await exporter.download(fans).path)
        #expect(
            workbook.rows.map { $0.map(\.text) } == [
                ["姓名", "City"], ["Cai", "Beijing"], ["Dee", "shanghai pudong"], ["Eve"],
            ])
        // And the VIP file has every column (contact_id first, the tenant's city last) for c1 and c3
        let vipRows = try ExportFiles.csvRows(try await exporter.download(vips).path)
        #expect(vipRows.count == 3)
        #expect(vipRows[0].first == "联系人ID")
        #expect(vipRows[0].last == "City")
        #expect(vipRows.dropFirst().map { [$0.first, $0.last] } == [["c1", "Shanghai"], ["c3", "Beijing"]])
        // And the search ignores case and keeps to real-name contacts
        #expect(try ExportFiles.csvRows(try await exporter.download(shanghai).path) == [["姓名"], ["Ann"], ["Dee"]])
        // And an identifier matches in the form it is stored in: a local phone, an e-mail in capitals
        #expect(try ExportFiles.csvRows(try await exporter.download(byPhone).path) == [["姓名"], ["Ann"]])
        #expect(
            try ExportFiles.csvRows(try await exporter.download(byEmail).path) == [
                ["姓名"], ["'=cmd|' /C calc'!A0"],
            ])
        await exporter.stop()
    }

    @Test func anotherTenantCannotSeeOrDownloadTheExport() async throws {
        let exporter = try ExporterHarness()
        try await exporter.publish(Self.contacts)
        // Given a completed export of the dev tenant
        let id = try await exporter.request(["scope": "category", "target": "all", "format": "csv"])
        _ = try await exporter.waitForSettled(id)

        // When another tenant's token asks for it, its file, and its list
        let job = try await exporter.call("GET", "/v1/exports/\(id)", token: TestTokens.otherTenant)
        let file = try await exporter.download(id, token: TestTokens.otherTenant)
        let list = try await exporter.json("GET", "/v1/exports", token: TestTokens.otherTenant)

        // Then the export does not exist for it, while the owner downloads its own five contacts (not acme's)
        #expect(job.status == 404)
        #expect(file.status == 404)
        #expect((list.json["exports"] as? [Any])?.count == 0)
        let own = try await exporter.download(id, token: TestTokens.readOnly)
        #expect(own.status == 200)
        #expect(try ExportFiles.csvRows(own.path).dropFirst().map { $0[0] } == ["c1", "c2", "c3", "c4", "c5"])
        await exporter.stop()
    }

    @Test func jobsAreListedWithTheirProgress() async throws {
        let progress = Mutex<[Int]>([])
        let exporter = try ExporterHarness(
            hooks: .init(afterProgress: { _, rows in progress.withLock { $0.append(rows) } }))
        try await exporter.publish(Self.contacts)
        // Given two exports, one of them naming an attribute the tenant lacks (refused up front)
        let refused = try await exporter.json(
            "POST", "/v1/exports",
            json: ["scope": "category", "target": "all", "format": "csv", "attributes": ["shoe"]])
        let first = try await exporter.request(["scope": "category", "target": "real_name", "format": "csv"])
        let second = try await exporter.request(["scope": "category", "target": "all", "format": "xlsx"])
        _ = try await exporter.waitForSettled(first)
        let done = try await exporter.waitForSettled(second)

        // Then the refusal names the attribute, progress was recorded every two rows, and the list shows both
        #expect(refused.status == 400)
        let details = (refused.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
        #expect(details?.first?["value"] as? String == "shoe")
        #expect(details?.first?["field"] as? String == "attributes")
        #expect(progress.withLock { $0 } == [2, 2, 4])
        #expect([done["rows_written"], done["total"]] as? [Int] == [5, 5])
        let list = try await exporter.json("GET", "/v1/exports").json["exports"] as? [[String: Any]]
        #expect(Set(list?.compactMap { $0["export_id"] as? String } ?? []) == [first, second])
        #expect(list?.allSatisfy { $0["status"] as? String == "completed" } == true)
        await exporter.stop()
    }

    @Test func aJobInterruptedByACrashRestartsAndAnnouncesItsResultOnce() async throws {
        struct Crash: Error {}
        // Given an exporter that crashes after the first progress record of a job (once the request has had its
        // answer: the crash stops the HTTP server too)
        let answered = DispatchSemaphore(value: 0)
        let first = try ExporterHarness(
            hooks: .init(afterProgress: { _, _ in
                answered.wait()
                throw Crash()
            }))
        try await first.publish(Self.contacts)
        let id = try await first.request(["scope": "category", "target": "all", "format": "csv"])
        answered.signal()
        let crashed = await first.group.finished()
        #expect(throws: Crash.self) { try crashed.get() }
        #expect(try first.store.job(exportID: id, tenant: "dev").status == .running)

        // When the worker starts again on the same store
        let second = try ExporterHarness(cluster: first.cluster, directory: first.directory)
        let job = try await second.waitForSettled(id)

        // Then the job is written again from the top and completed, with one result message and no partial file
        #expect(job["status"] as? String == "completed")
        #expect(job["rows_written"] as? Int == 5)
        #expect(try ExportFiles.csvRows(try await second.download(id).path).count == 6)
        #expect(try await second.results(atLeast: 2, timeout: .seconds(3)).map(\.result.id) == [id])
        let files = try FileManager.default.contentsOfDirectory(atPath: second.folder.path + "/dev")
        #expect(files == ["\(id).csv"])
        await second.stop()
    }

    @Test func filesPastTheirRetentionAreRemovedAndTheirJobsExpire() async throws {
        // Given an exporter keeping files for three seconds, and a completed export (on a loaded machine the sweeper
        // may already have expired it when the test looks)
        let exporter = try ExporterHarness(
            settings: .init(retention: .seconds(3), sweepInterval: .milliseconds(200), pollInterval: .milliseconds(50)))
        try await exporter.publish(Self.contacts)
        let id = try await exporter.request(["scope": "category", "target": "anonymous", "format": "csv"])
        let job = try await exporter.waitForSettled(id)
        #expect(["completed", "expired"].contains(job["status"] as? String ?? ""))
        #expect(job["rows_written"] as? Int == job["total"] as? Int)
        let path = exporter.folder.file(tenant: "dev", exportID: id, format: "csv")

        // When the retention has passed
        let expired = try await eventually(timeout: .seconds(20)) {
            try exporter.store.job(exportID: id, tenant: "dev").status == .expired
        }

        // Then the file is gone, the job says expired, and a download is refused as gone
        #expect(expired)
        #expect(!FileManager.default.fileExists(atPath: path))
        let download = try await exporter.json("GET", "/v1/exports/\(id)/file")
        #expect(download.status == 410)
        #expect((download.json["error"] as? [String: Any])?["code"] as? String == "expired")
        await exporter.stop()
    }
}
