import Foundation
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import ExporterCore

@Suite("Export requests on cdp.exports.requests and over HTTP", .timeLimit(.minutes(2)))
struct ExportRequestTopicTests {
    @Test func aRequestOnTheTopicBecomesAJobOnceAndABadOneIsDeadLettered() async throws {
        let exporter = try ExporterHarness()
        try await exporter.publish([ExportFiles.snapshot("c1", attributes: ["name": .string("Ann")])])
        // Given a valid request published twice by another system, and one with an unknown category
        let good = ExportRequest(
            id: "ext-1", tenant: "dev", scope: "category", target: "all", format: "csv", attributes: ["name"],
            requestedBy: "crm", requestedAt: "2026-03-14T15:00:00Z")
        let bad = ExportRequest(
            id: "ext-2", tenant: "dev", scope: "category", target: "fans", format: "csv", requestedBy: "crm",
            requestedAt: "2026-03-14T15:00:00Z")
        try await exporter.worker.publish(
            Topics.exportRequests, [("dev/ext-1", good), ("dev/ext-1", good), ("dev/ext-2", bad)])

        // When the exporter has consumed them
        let job = try await exporter.waitForSettled("ext-1")

        // Then the good one ran once, and the bad one is on the dead-letter topic with the field named
        #expect(job["status"] as? String == "completed")
        #expect(job["requested_by"] as? String == "crm")
        #expect(try exporter.store.jobs(tenant: "dev").map(\.exportId) == ["ext-1"])
        let dead = try await TopicReader.read(
            exporter.cluster.topic("cdp.dead-letter"), cluster: exporter.cluster, atLeast: 1)
        #expect(dead.map(\.keyString) == ["dev/ext-2"])
        #expect(
            dead.first?.header(DeadLetterHeaders.error)?.stringValue
                == "invalid_request: target fans is not a category: all, real_name, anonymous, wechat_fans")
        #expect(try await exporter.results(atLeast: 2, timeout: .seconds(3)).map(\.result.id) == ["ext-1"])
        await exporter.stop()
    }

    @Test func aJobThatFailsPublishesAFailedResultWithTheReason() async throws {
        let exporter = try ExporterHarness()
        try await exporter.publish([ExportFiles.snapshot("c1", attributes: ["name": .string("Ann")])])
        // Given a request from another system for an attribute the tenant does not have
        let request = ExportRequest(
            id: "ext-9", tenant: "dev", scope: "category", target: "all", format: "xlsx",
            attributes: ["name", "shoe_size"], notifyEmail: "ops@example.com", requestedBy: "crm",
            requestedAt: "2026-03-14T15:00:00Z")
        try await exporter.worker.publish(Topics.exportRequests, [("dev/ext-9", request)])

        // When the exporter has run it
        let job = try await exporter.waitForSettled("ext-9")

        // Then the job failed naming the attribute, and one result message tells the recipient so, with no file
        #expect(job["status"] as? String == "failed")
        let results = try await exporter.results(atLeast: 2, timeout: .seconds(3))
        #expect(results.map(\.key) == ["dev/ext-9"])
        #expect(
            results.first?.result
                == ExportResult.failed(
                    id: "ext-9", tenant: "dev", notifyEmail: "ops@example.com", error: job["error"] as? String ?? ""))
        #expect((job["error"] as? String)?.contains("shoe_size") == true)
        await exporter.stop()
    }

    @Test func httpRequestsNeedAnAdminTokenAndAValidScope() async throws {
        let exporter = try ExporterHarness()
        // When a read-only token asks for an export, and an admin asks for an unknown scope and format
        let readOnly = try await exporter.json(
            "POST", "/v1/exports", json: ["scope": "category", "target": "all", "format": "csv"],
            token: TestTokens.readOnly)
        let scope = try await exporter.json(
            "POST", "/v1/exports", json: ["scope": "everyone", "target": "all", "format": "csv"])
        let format = try await exporter.json(
            "POST", "/v1/exports", json: ["scope": "category", "target": "all", "format": "pdf"])

        // Then each is refused with the field named, and no job is made
        #expect(readOnly.status == 403)
        #expect(scope.status == 400)
        let scopeError = scope.json["error"] as? [String: Any]
        #expect((scopeError?["details"] as? [[String: Any]])?.first?["field"] as? String == "scope")
        #expect(format.status == 400)
        #expect(
            ((format.json["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first?["value"] as? String
                == "pdf")
        #expect(try exporter.store.jobs(tenant: "dev").isEmpty)
        await exporter.stop()
    }
}
