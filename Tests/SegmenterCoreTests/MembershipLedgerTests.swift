import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SegmenterCore

@Suite("Membership decisions are recorded and published once, with ids a replay repeats")
struct MembershipLedgerTests {
    @Test func repeatedDecisionPublishesNothingAndIdsCountTransitions() throws {
        let database = try ProjectionDatabase()

        // When a contact enters, is decided in again (a replayed batch), exits, and enters again under version 2
        let changed = try database.pool.write { db -> [Bool] in
            let ledger = MembershipLedger(db: db, tenant: "dev", topicPrefix: "t.", now: Date())
            return [
                try ledger.decide(segment: "s1", contact: "c1", member: true, version: 1),
                try ledger.decide(segment: "s1", contact: "c1", member: true, version: 1),
                try ledger.decide(segment: "s1", contact: "c2", member: false, version: 1),
                try ledger.decide(segment: "s1", contact: "c1", member: false, version: 1),
                try ledger.decide(segment: "s1", contact: "c1", member: true, version: 2),
            ]
        }
        #expect(changed == [true, false, false, true, true])

        // Then exactly three messages, keyed by tenant/segment/contact, with ids that number the transitions
        let published = try database.published()
        #expect(published.map(\.id) == ["s1-c1-v1-enter-1", "s1-c1-v1-exit-2", "s1-c1-v2-enter-3"])
        #expect(published.map(\.status) == [.entered, .exited, .entered])
        #expect(published.map(\.member) == [true, false, true])
        #expect(published.map(\.definitionVersion) == [1, 1, 2])
        let keys = try database.pool.read {
            try String.fetchAll($0, sql: "SELECT CAST(key AS TEXT) FROM roster_outbox")
        }
        #expect(keys == ["dev/s1/c1", "dev/s1/c1", "dev/s1/c1"])
        // And the count, the changelog and the day's count follow
        let counts = try database.pool.read { db in
            [
                try SegmentDirectory.memberCount(db, tenant: "dev", id: "s1"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM segment_changelog") ?? 0,
                try Int.fetchOne(db, sql: "SELECT members FROM segment_daily_counts") ?? 0,
            ]
        }
        #expect(counts == [1, 3, 1])
    }

    @Test func contactWithoutAProfileExitsEverySegment() throws {
        // Given a member of the model case and of the built-in global unsubscribers
        let database = try ProjectionDatabase()
        try database.define("model", try Fixture.definition(SegmentExamples.modelCase), tenant: "dev")
        let now = Date(timeIntervalSince1970: Fixture.now)
        try database.insert(
            ProfileSnapshot(
                tenant: "dev", contactId: "c1", eventId: "e1", identifiers: [:],
                attributes: ["location": .string("China")], tags: [], subscriptions: Subscriptions(global: false),
                createdAt: "2026-11-22T00:00:00Z", updatedAt: "2026-11-22T00:00:00Z"))
        try database.insert(
            ActivityRecord(
                id: "a1", tenant: "dev", contactId: "c1", event: "wechat_qr_scan",
                properties: ["qr_code": .string("member registration")], occurredAt: "2026-11-22T00:00:00Z"))
        func reevaluate() throws {
            try database.pool.write { db in
                try ContactReevaluation(
                    ledger: MembershipLedger(db: db, tenant: "dev", topicPrefix: "t.", now: now),
                    segments: try TenantSegments.load(db, tenant: "dev")
                ).run(contact: "c1")
            }
        }
        try reevaluate()
        #expect(try database.members("model", tenant: "dev") == ["c1"])
        #expect(try database.members("unsubscribed-email", tenant: "dev") == ["c1"])

        // When its profile is gone (a tombstone)
        try database.pool.write { try $0.execute(sql: "DELETE FROM projected_profiles") }
        try reevaluate()

        // Then it exited both
        #expect(try database.members("model", tenant: "dev").isEmpty)
        #expect(try database.members("unsubscribed-global", tenant: "dev").isEmpty)
        let exits = try database.published().filter { $0.status == .exited }.map(\.segmentId).sorted()
        #expect(exits == ["model", "unsubscribed-email", "unsubscribed-global", "unsubscribed-mobile"])
    }
}
