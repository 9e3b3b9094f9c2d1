import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SegmenterCore

@Suite("Segments through the mock cluster: create, incremental, edit, copy, delete", .timeLimit(.minutes(2)))
struct SegmentLifecycleTests {
    static let registration: [String: JSONValue] = ["qr_code": .string("member registration")]

    @Test func modelCaseComputesInFullThenFollowsEachChange() async throws {
        let harness = try await SegmenterHarness()
        // Given three contacts: a new Chinese QR registrant, a new Japanese one, and an old Chinese one
        try await harness.publish(profiles: [
            ("c1", SegmenterHarness.profile("c1", location: "China")),
            ("c2", SegmenterHarness.profile("c2", location: "Japan")),
            ("c3", SegmenterHarness.profile("c3", location: "China", createdDaysAgo: 30)),
        ])
        try await harness.publish(
            activity: ["c1", "c2", "c3"].map {
                SegmenterHarness.activity("scan-\($0)", contact: $0, event: "wechat_qr_scan", Self.registration)
            })
        try await harness.waitForProjection(profiles: 3, activities: 3)

        // When the model case is created
        let created = try await harness.call("POST", "/v1/segments", body: SegmentExamples.modelCase, user: "ada")

        // Then it answers computed with one member, and c1's entry is on the topic
        #expect(created.status == 201)
        let id = try #require(created.json["segment_id"] as? String)
        #expect(created.json["status"] as? String == "completed")
        #expect(created.json["member_count"] as? Int == 1)
        #expect(created.json["version"] as? Int == 1)
        #expect(created.json["created_by"] as? String == "ada")
        let entered = try await harness.membership { $0.contains { $0.segmentId == id } }.filter { $0.segmentId == id }
        #expect(Set(entered.map(\.id)) == ["\(id)-c1-v1-enter-1"])
        #expect(entered.first?.status == .entered)

        // When a new Chinese contact submits the registration form, and c1 is deleted
        try await harness.publish(profiles: [("c4", SegmenterHarness.profile("c4", location: "China"))])
        try await harness.publish(activity: [
            SegmenterHarness.activity(
                "form-c4", contact: "c4", event: "form_submit",
                ["form": .string("member registration"), "name": .string("Di"), "email": .string("di@example.com")])
        ])
        try await harness.publish(profiles: [("c1", nil)])

        // Then c4 entered and c1 exited, each once
        #expect(try await eventually { try harness.members(id) == ["c4"] })
        let expected: Set<String> = ["\(id)-c1-v1-enter-1", "\(id)-c1-v1-exit-2", "\(id)-c4-v1-enter-1"]
        let changes = try await harness.membership { Set($0.map(\.id)).isSuperset(of: expected) }
        #expect(Set(changes.filter { $0.segmentId == id }.map(\.id)) == expected)

        // When time passes beyond the 7-day window
        try harness.ticker.tick(now: Date().addingTimeInterval(8 * 86_400))

        // Then c4 exits without any change to the contact
        #expect(try harness.members(id).isEmpty)

        // And the explanation of c2 names the location that failed, with the value seen
        let why = try await harness.call("GET", "/v1/segments/\(id)/why/c2")
        #expect(why.status == 200)
        #expect(why.json["member"] as? Bool == false)
        let explanation = try #require(why.json["explanation"] as? [String: Any])
        let clusters = try #require(explanation["children"] as? [[String: Any]])
        let location = try #require((clusters[0]["children"] as? [[String: Any]])?.first)
        #expect(location["path"] as? String == "clusters[0].conditions[0]")
        #expect(location["held"] as? Bool == false)
        #expect(location["seen"] as? String == "Japan")
        #expect(await harness.stop())
    }

    @Test func timePassingRecordsChunkByChunkForTheTimedSegmentAndTheOneReferencingIt() async throws {
        let harness = try await SegmenterHarness(
            settings: SegmenterSettings(tick: .seconds(3600), computationChunk: 1))
        // Given three contacts created a day, three days and five days ago, a segment of contacts created in the last
        // week, and one of its members
        try await harness.publish(profiles: [
            ("c1", SegmenterHarness.profile("c1", createdDaysAgo: 1)),
            ("c2", SegmenterHarness.profile("c2", createdDaysAgo: 3)),
            ("c3", SegmenterHarness.profile("c3", createdDaysAgo: 5)),
        ])
        try await harness.waitForProjection(profiles: 3)
        let week = try await harness.call(
            "POST", "/v1/segments",
            body: #"{"name": "New", "type": "standard", "clusters": [{"join": "and", "conditions": ["#
                + #"{"attribute": "created_at", "op": "within_last_days", "value": 7}]}]}"#)
        let weekID = try #require(week.json["segment_id"] as? String)
        let members = try await harness.call(
            "POST", "/v1/segments",
            body: #"{"name": "Of new", "type": "advanced", "rule": {"all": [{"segment": "\#(weekID)"}]}}"#)
        let membersID = try #require(members.json["segment_id"] as? String)
        #expect(try harness.members(weekID) == ["c1", "c2", "c3"])
        #expect(try harness.members(membersID) == ["c1", "c2", "c3"])

        // When four days pass, the tick recording one contact per transaction
        try harness.ticker.tick(now: Date().addingTimeInterval(4 * 86_400))

        // Then the two contacts now older than a week leave both segments, each exit once
        #expect(try harness.members(weekID) == ["c1"])
        #expect(try harness.members(membersID) == ["c1"])
        let exits = try await harness.membership { $0.filter { $0.status == .exited }.count >= 4 }
            .filter { $0.status == .exited }
        #expect(
            Set(exits.map(\.id)) == [
                "\(weekID)-c2-v1-exit-2", "\(weekID)-c3-v1-exit-2", "\(membersID)-c2-v1-exit-2",
                "\(membersID)-c3-v1-exit-2",
            ])
        #expect(exits.count == 4)
        #expect(await harness.stop())
    }

    @Test func editCopyDeleteAndGroups() async throws {
        let harness = try await SegmenterHarness()
        try await harness.publish(profiles: [
            ("c1", SegmenterHarness.profile("c1", location: "China", tags: ["vip"])),
            ("c2", SegmenterHarness.profile("c2", location: "Japan")),
            ("c3", SegmenterHarness.profile("c3", subscriptions: Subscriptions(global: false))),
        ])
        try await harness.waitForProjection(profiles: 3)
        let china =
            #"{"name": "China", "type": "standard", "clusters": [{"join": "and", "conditions": [{"attribute": "location", "op": "equals", "value": "China"}]}]}"#
        let created = try await harness.call("POST", "/v1/segments", body: china)
        let id = try #require(created.json["segment_id"] as? String)
        #expect(try harness.members(id) == ["c1"])

        // When it is edited to Japan
        let japan = china.replacingOccurrences(of: "\"value\": \"China\"", with: "\"value\": \"Japan\"")
        let edited = try await harness.call("PUT", "/v1/segments/\(id)", body: japan)

        // Then the version grows and c1 exits while c2 enters, under version 2
        #expect(edited.status == 200)
        #expect(edited.json["version"] as? Int == 2)
        #expect(try harness.members(id) == ["c2"])
        let changes = try await harness.call("GET", "/v1/segments/\(id)/changes")
        let log = try #require(changes.json["changes"] as? [[String: Any]])
        #expect(
            log.map { "\($0["contact_id"]!) \($0["status"]!) v\($0["definition_version"]!)" } == [
                "c1 entered v1", "c1 exited v2", "c2 entered v2",
            ])

        // When it is copied
        let copy = try await harness.call("POST", "/v1/segments/\(id)/copy")
        #expect(copy.status == 201)
        let copyID = try #require(copy.json["segment_id"] as? String)
        #expect(copy.json["name"] as? String == "China_copy")
        #expect(copy.json["member_count"] as? Int == 1)
        let original = try await harness.call("GET", "/v1/segments/\(id)")
        #expect(
            (original.json["definition"] as? [String: Any])?["clusters"] as? NSArray
                == (copy.json["definition"] as? [String: Any])?["clusters"] as? NSArray)

        // And a segment that references the copy blocks its deletion; a cycle is refused
        let referencing = try await harness.call(
            "POST", "/v1/segments",
            body: #"{"name": "Ref", "type": "advanced", "rule": {"not": {"segment": "\#(copyID)"}}}"#)
        let refID = try #require(referencing.json["segment_id"] as? String)
        #expect(try harness.members(refID) == ["c1", "c3"])
        let blocked = try await harness.call("DELETE", "/v1/segments/\(copyID)")
        #expect(blocked.status == 409)
        let cycle = try await harness.call(
            "PUT", "/v1/segments/\(copyID)",
            body: #"{"name": "Loop", "type": "advanced", "rule": {"segment": "\#(refID)"}}"#)
        #expect(cycle.status == 400)
        #expect(
            (cycle.json["error"] as? [String: Any])?["message"] as? String
                == "segment: a cycle of segment references: \(copyID) → \(refID) → \(copyID)")

        // When both are deleted in one batch
        let deleted = try await harness.call(
            "POST", "/v1/segments/batch-delete", body: ["segment_ids": [copyID, refID]])
        #expect(deleted.status == 200)

        // Then their members got exit messages and they are gone from the list
        #expect(try harness.members(copyID).isEmpty)
        let expectedExits: Set<String> = ["\(copyID)/c2", "\(refID)/c1", "\(refID)/c3"]
        func exits(_ messages: [SegmentMembershipChange]) -> Set<String> {
            Set(
                messages.filter { $0.status == .exited && $0.segmentId != id }.map { "\($0.segmentId)/\($0.contactId)" }
            )
        }
        #expect(exits(try await harness.membership { exits($0).isSuperset(of: expectedExits) }) == expectedExits)
        let gone = try await harness.call("GET", "/v1/segments/\(copyID)")
        #expect(gone.status == 404)

        // And groups: the built-in unsubscribe group holds the three built-ins, kept live
        let unsubscribes = try await harness.call("GET", "/v1/segments?group=channel-unsubscribes")
        let builtins = try #require(unsubscribes.json["segments"] as? [[String: Any]])
        #expect(
            builtins.map { $0["segment_id"] as? String } == [
                "unsubscribed-global", "unsubscribed-email", "unsubscribed-mobile",
            ])
        #expect(builtins.map { $0["member_count"] as? Int } == [1, 1, 1])
        // kept since the worker first recorded its cluster, not since 1970
        let keptSince = try await harness.worker.database.read {
            try String.fetchOne($0, sql: "SELECT recorded_at FROM roster_cluster")
        }
        #expect(
            builtins.allSatisfy { $0["created_at"] as? String == keptSince && $0["updated_at"] as? String == keptSince }
        )
        #expect(keptSince?.hasPrefix("1970") == false)
        let group = try await harness.call("POST", "/v1/segment-groups", body: ["name": "Markets"])
        #expect(group.status == 201)
        let groupID = try #require(group.json["group_id"] as? String)
        let moved = try await harness.call(
            "POST", "/v1/segments/move", body: ["segment_ids": [id], "group_id": groupID])
        #expect(moved.status == 200)
        let inGroup = try await harness.call("GET", "/v1/segments?group=\(groupID)")
        #expect((inGroup.json["segments"] as? [[String: Any]])?.map { $0["segment_id"] as? String } == [id])
        let moveAgain = try await harness.call("GET", "/v1/segments/\(id)")
        #expect(moveAgain.json["version"] as? Int == 2)

        // And an estimate counts an unsaved definition; an undefined attribute is a 400 naming the condition
        let estimate = try await harness.call("POST", "/v1/segments/estimate", body: china)
        #expect(estimate.json["count"] as? Int == 1)
        let invalid = try await harness.call(
            "POST", "/v1/segments/estimate",
            body:
                #"{"name": "x", "type": "standard", "clusters": [{"join": "and", "conditions": [{"attribute": "shoe", "op": "is_set"}]}]}"#
        )
        #expect(invalid.status == 400)
        let detail = ((invalid.json["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first
        #expect(detail?["field"] as? String == "clusters[0].conditions[0].attribute")
        #expect(detail?["value"] as? String == "shoe")
        // And a field a condition does not have is a 400 naming it, rather than a condition silently widened
        let misspelt = try await harness.call(
            "POST", "/v1/segments",
            body:
                #"{"name": "x", "type": "standard", "clusters": [{"join": "and", "conditions": [{"event": "email_open", "within_last_day": 30}]}]}"#
        )
        #expect(misspelt.status == 400)
        let unknown = ((misspelt.json["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first
        #expect(unknown?["field"] as? String == "clusters[0].conditions[0].within_last_day")
        #expect(await harness.stop())
    }
}
