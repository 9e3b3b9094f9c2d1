import Foundation
import IdentityCore
import RosterModel
import RosterTestSupport
import Testing

@Suite("The resolver's read and write API", .timeLimit(.minutes(2)))
struct ContactReadAPITests {
    typealias H = ResolverHarness

    @Test func searchListsTimelineCalendarAndWrites() async throws {
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event(
                "a1", minute: 1, identifiers: ["mobile": "13800000011"],
                attributes: ["name": .string("Ada Lovelace"), "location": .string("China")], tags: ["vip"]),
            H.event(
                "a2", minute: 2, identifiers: ["email": "grace@example.com"],
                attributes: ["name": .string("Grace Hopper"), "location": .string("Japan")]),
            H.event("a3", minute: 3, identifiers: ["wechat_openid": "o-fan-1"], attributes: ["name": .string("Fan")]),
            H.event("a4", .activity, minute: 4, identifiers: ["mobile": "13800000011"]) {
                $0.event = "form_submit"
                $0.properties = ["form": .string("member registration")]
            },
        ])
        let ada = try #require(try resolver.contact("mobile", "8613800000011"))

        // Search: exact attribute, fuzzy name, identifier, tag, category
        func ids(_ query: String) async throws -> [String] {
            let page = try await resolver.json("GET", "/v1/contacts/search?\(query)")
            return (page["contacts"] as? [[String: Any]] ?? []).compactMap { $0["contact_id"] as? String }
        }
        #expect(try await ids("where=location=China") == [ada.contactId])
        #expect(try await ids("contains=name=hopper").count == 1)
        #expect(try await ids("contains=name=a&category=real_name").count == 2)
        #expect(try await ids("where=mobile=8613800000011&tag=vip") == [ada.contactId])
        #expect(try await ids("category=wechat_fans").count == 1)
        #expect(try await ids("category=anonymous").count == 2)  // the fan and the test's sentinel
        let page = try await resolver.json("GET", "/v1/contacts?category=real_name&columns=name&page_size=1")
        #expect(page["total"] as? Int == 2)
        #expect(
            (page["contacts"] as? [[String: Any]])?.first?["attributes"] as? [String: String] == [
                "name": "Ada Lovelace"
            ])
        #expect(try await resolver.call("GET", "/v1/contacts/search?where=nonsense").status == 400)
        // Columns the contact has no attribute for show its own id, creation time and identifiers, as exports do
        let own = try await resolver.json(
            "GET", "/v1/contacts/search?where=mobile=8613800000011&columns=name,contact_id,created_at,mobile,gender")
        #expect(
            (own["contacts"] as? [[String: Any]])?.first?["attributes"] as? [String: String] == [
                "name": "Ada Lovelace", "contact_id": ada.contactId, "created_at": ada.createdAt,
                "mobile": "8613800000011",
            ])

        // Timeline: newest first, filtered, as CSV, and the calendar
        let timeline = try await resolver.json("GET", "/v1/contacts/\(ada.contactId)/timeline")
        #expect(timeline["total"] as? Int == 4)
        #expect((timeline["entries"] as? [[String: Any]])?.first?["event"] as? String == "form_submit")
        let forms = try await resolver.json("GET", "/v1/contacts/\(ada.contactId)/timeline?event=tag_added")
        #expect(forms["total"] as? Int == 1)
        let csv = String(
            decoding: try await resolver.call("GET", "/v1/contacts/\(ada.contactId)/timeline?format=csv").body,
            as: UTF8.self)
        #expect(csv.hasPrefix("entry_id,event,occurred_at,source,properties\r\n"))
        #expect(csv.split(separator: "\r\n").count == 5)
        #expect(csv.contains("\"{\"\"form\"\":\"\"member registration\"\"}\""))
        let calendar = try await resolver.json(
            "GET", "/v1/contacts/\(ada.contactId)/calendar?from=2026-11-20&to=2026-11-20")
        #expect(calendar["days"] as? [String: Int] == ["2026-11-20": 4])
        #expect(calendar["hours_of_day"] as? [String: Int] == ["08": 4])

        // Writes publish events that the resolver then applies
        let tagged = try await resolver.call(
            "POST", "/v1/contacts/\(ada.contactId)/tags", body: ["add": ["gold"], "remove": ["vip"]])
        #expect(tagged.status == 202)
        #expect(try await eventually { try resolver.contact("mobile", "8613800000011")?.tags == ["gold"] })
        let blank = try await resolver.call(
            "POST", "/v1/contacts/\(ada.contactId)/tags", body: ["add": ["silver"], "remove": [" "]])
        #expect(blank.status == 400)
        #expect(String(decoding: blank.body, as: UTF8.self).contains(#""field":"remove.0""#))
        let deleted = try await resolver.call("DELETE", "/v1/contacts/\(ada.contactId)")
        #expect(deleted.status == 202)
        #expect(try await eventually { try resolver.contact("mobile", "8613800000011") == nil })
        #expect(try await resolver.call("GET", "/v1/contacts/\(ada.contactId)").status == 404)
        await resolver.stop()
    }

    @Test func metadataDefinitionsAreListedAndCreatedThroughEvents() async throws {
        let resolver = try ResolverHarness()
        let presets = try await resolver.json("GET", "/v1/metadata/attributes")
        let keys = (presets["attributes"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(
            keys.contains("member_points") && keys.contains("sms_engagement") && keys.count == Presets.attributes.count)

        let created = try await resolver.call(
            "POST", "/v1/metadata/attributes",
            body: ["key": "vip_level", "label": "VIP level", "type": "enum", "options": ["gold", "silver"]])
        #expect(created.status == 202)
        #expect(
            try await resolver.call(
                "POST", "/v1/metadata/attributes", body: ["key": "Bad Key", "label": "x", "type": "text"]
            ).status == 400)
        #expect(
            try await resolver.call(
                "POST", "/v1/metadata/attributes", body: ["key": "mobile", "label": "x", "type": "text"]
            ).status == 400)
        #expect(
            try await resolver.call(
                "POST", "/v1/metadata/attributes", body: ["key": "shoe_size", "label": " ", "type": "number"]
            ).status == 400)
        #expect(
            try await resolver.call("POST", "/v1/metadata/events", body: ["key": "purchase", "label": ""]).status
                == 400)
        #expect(
            try await eventually {
                let list = try await resolver.json("GET", "/v1/metadata/attributes")
                return (list["attributes"] as? [[String: Any]] ?? []).contains { $0["key"] as? String == "vip_level" }
            })
        await resolver.stop()
    }
}
