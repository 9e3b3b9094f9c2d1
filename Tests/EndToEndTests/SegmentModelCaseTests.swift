import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import SegmenterCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("The documented model case end to end: events through the resolver, membership out", .timeLimit(.minutes(3)))
struct SegmentModelCaseTests {

    @Test func registrantsInChinaEnterAndOthersDoNot() async throws {
        let system = try await RunningSystem()
        // Given the model case defined on the segmenter
        let definition = try JSONSerialization.jsonObject(with: Data(SegmentExamples.modelCase.utf8))
        let created = try await system.call("segmenter", "POST", "/v1/segments", body: definition)
        #expect(created.status == 201)
        let id = try #require(created.json["segment_id"] as? String)

        // When contact events arrive: a Chinese form registrant, a Chinese QR registrant, a Japanese registrant,
        // and a Chinese contact whose form lacks an e-mail
        let now = Timestamps.format(Date())
        func upsert(_ mobile: String, _ location: String) -> ContactEvent {
            ContactEvent(
                id: "u-\(mobile)", tenant: "dev", type: .upsert, occurredAt: now, identifiers: ["mobile": mobile],
                attributes: ["location": .string(location)])
        }
        func activity(_ mobile: String, _ event: String, _ properties: [String: JSONValue]) -> ContactEvent {
            ContactEvent(
                id: "a-\(mobile)", tenant: "dev", type: .activity, occurredAt: now, identifiers: ["mobile": mobile],
                event: event, properties: properties)
        }
        let form: [String: JSONValue] = [
            "form": .string("member registration"), "name": .string("Ada"), "email": .string("ada@example.com"),
        ]
        let events = [
            upsert("13800000001", "China"), activity("13800000001", "form_submit", form),
            upsert("13800000002", "China"),
            activity("13800000002", "wechat_qr_scan", ["qr_code": .string("member registration")]),
            upsert("13800000003", "Japan"), activity("13800000003", "form_submit", form),
            upsert("13800000004", "China"),
            activity("13800000004", "form_submit", form.filter { $0.key != "email" }),
        ]
        let producer = try KafkaProducer.make(config: system.cluster.clientConfig, logger: Logger(label: "test"))
        try await producer.send(
            try events.map {
                OutgoingMessage(
                    topic: system.cluster.topic("cdp.contact-events"), key: "dev",
                    value: try Topics.contactEvents.encode($0))
            })

        // Then exactly the two registrants in China enter, on cdp.segment-membership
        let store = system.identityStore
        #expect(try await eventually { try store.counts(tenant: "dev").all == 4 })
        let first = try #require(try store.contactID(tenant: "dev", kind: "mobile", value: "8613800000001"))
        let second = try #require(try store.contactID(tenant: "dev", kind: "mobile", value: "8613800000002"))
        var entries: [SegmentMembershipChange] = []
        _ = try await eventually {
            entries = try await TopicReader.read(
                system.cluster.topic("cdp.segment-membership"), cluster: system.cluster, atLeast: .max,
                timeout: .seconds(1)
            ).compactMap(\.value).map(Topics.segmentMembership.decode).filter { $0.segmentId == id }
            return Set(entries.map(\.contactId)).count >= 2
        }
        #expect(Set(entries.map(\.contactId)) == [first, second])
        #expect(entries.allSatisfy { $0.status == .entered && $0.definitionVersion == 1 && $0.tenant == "dev" })
        let status = try await system.call("segmenter", "GET", "/v1/segments/\(id)/status")
        #expect(status.json["member_count"] as? Int == 2)

        // And an export of the segment holds exactly its two members
        let exporter = try #require(system.workers["exporter"])
        #expect(
            try await eventually {
                try await exporter.database.read {
                    try Int.fetchOne(
                        $0, sql: "SELECT COUNT(*) FROM segment_members WHERE segment_id = ? AND member = 1",
                        arguments: [id])
                } == 2
            })
        let requested = try await system.call(
            "exporter", "POST", "/v1/exports",
            body: ["scope": "segment", "target": id, "format": "csv", "attributes": ["contact_id", "mobile"]])
        let exportID = try #require(requested.json["export_id"] as? String)
        #expect(
            try await eventually {
                try await system.call("exporter", "GET", "/v1/exports/\(exportID)").json["status"] as? String
                    == "completed"
            })
        var download = URLRequest(url: system.url("exporter", "/v1/exports/\(exportID)/file"))
        download.setValue("Bearer \(TestTokens.admin)", forHTTPHeaderField: "Authorization")
        let (file, _) = try await URLSession.shared.data(for: download)
        #expect(
            String(decoding: file, as: UTF8.self).split(separator: "\r\n").dropFirst().map(String.init)
                == ["\(first),8613800000001", "\(second),8613800000002"].sorted())
        #expect(await system.stop())
    }
}
