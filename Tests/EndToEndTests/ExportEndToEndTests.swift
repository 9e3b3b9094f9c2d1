import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Exports of contacts the resolver made", .serialized, .timeLimit(.minutes(3)))
struct ExportEndToEndTests {
    @Test func contactsPostedOverHTTPAreExportedByCategoryWithTheirResolvedValues() async throws {
        let system = try await RunningSystem()

        // Given three contacts posted to ingest: two real-name (one with a formula for a name), one WeChat fan
        func upsert(_ id: String, _ identifiers: [String: String], _ attributes: [String: Any]) -> [String: Any] {
            [
                "schema": "roster.contact-event/v1", "id": id, "tenant": "dev", "type": "contact.upsert",
                "occurred_at": "2026-11-20T08:00:00Z", "identifiers": identifiers, "attributes": attributes,
            ]
        }
        let posted = try await system.call(
            "ingest", "POST", "/v1/events",
            body: [
                "events": [
                    upsert("e1", ["mobile": "13800000001"], ["name": "Ann", "member_points": 10]),
                    upsert("e2", ["email": "Bob@Example.com"], ["name": "=SUM(1,2)"]),
                    upsert("e3", ["wechat_openid": "o-1"], ["name": "Fan"]),
                ]
            ])
        #expect(posted.status == 202)
        let exporter = try #require(system.workers["exporter"])
        #expect(
            try await eventually {
                try await exporter.database.read { try ProfileProjection.count($0, tenant: "dev") } == 3
            })

        // When the real-name contacts are exported as CSV with three attributes
        let requested = try await system.call(
            "exporter", "POST", "/v1/exports",
            body: [
                "scope": "category", "target": "real_name", "format": "csv",
                "attributes": ["name", "mobile", "member_points"],
            ])
        #expect(requested.status == 202)
        let id = try #require(requested.json["export_id"] as? String)
        var job: [String: Any] = [:]
        #expect(
            try await eventually {
                job = try await system.call("exporter", "GET", "/v1/exports/\(id)").json
                return job["status"] as? String == "completed"
            })

        // Then the file holds the two real-name contacts with their normalized phone, the formula inert
        var request = URLRequest(url: system.url("exporter", "/v1/exports/\(id)/file"))
        request.setValue("Bearer \(TestTokens.admin)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let text = String(decoding: data, as: UTF8.self)
        let lines = Set(text.dropFirst().split(separator: "\r\n").dropFirst().map(String.init))
        #expect(text.hasPrefix("\u{FEFF}姓名,手机号,会员积分\r\n"))
        #expect(lines == ["Ann,8613800000001,10", "\"'=SUM(1,2)\",,"])
        #expect(job["rows_written"] as? Int == 2)
        #expect(job["bytes"] as? Int == data.count)
        #expect(await system.stop())
    }
}
