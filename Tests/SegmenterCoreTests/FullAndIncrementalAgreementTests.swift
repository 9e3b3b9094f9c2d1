import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import Testing

@testable import RosterRuntime
@testable import SegmenterCore

@Suite("Full computation and incremental re-evaluation give the same members")
struct FullAndIncrementalAgreementTests {
    /// A small deterministic generator (SplitMix64), so a failure replays from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let now = Date(timeIntervalSince1970: Fixture.now)

    @Test(arguments: [11, 29, 47] as [UInt64])
    func randomContactsEventsAndConditions(seed: UInt64) throws {
        var random = Generator(state: seed)
        let database = try ProjectionDatabase()

        // Given the same random contacts and events under two tenants, and a third whose columns were loaded
        // before any data arrived, fed through the applier (first profiles, updated ones, then the events, and a
        // tombstone for every seventh contact), so that its columns are the ones kept in step
        var feed: [[ConsumedMessage]] = []
        for index in 0..<80 {
            let (snapshot, events) = Self.contact(index, random: &random)
            let deleted = index % 7 == 3
            for tenant in ["full", "inc"] where !deleted {
                var copy = snapshot
                copy.tenant = tenant
                try database.insert(copy)
                for event in events {
                    var record = event
                    record.tenant = tenant
                    record.id = "\(tenant)-\(event.id)"
                    try database.insert(record)
                }
            }
            var first = snapshot
            first.attributes = [:]
            first.tags = ["c"]
            var messages = try [first, snapshot].map { try Self.message(profile: $0, contact: snapshot.contactId) }
            messages += try events.map { try Self.message(activity: $0) }
            if deleted { messages.append(try Self.message(profile: nil, contact: snapshot.contactId)) }
            feed.append(messages)
        }
        // And the same random definitions, later ones referencing earlier ones
        var ids: [String] = []
        for index in 0..<25 {
            let definition = SegmentDefinition(
                name: "random \(index)", type: .advanced, rule: Self.rule(depth: 2, segments: ids, random: &random))
            for tenant in ["full", "inc", "step"] { try database.define("s\(index)", definition, tenant: tenant) }
            ids.append("s\(index)")
        }
        let stepped = ColumnStore()
        try database.pool.write { db in
            try stepped.prepare(
                db, tenant: "step", plans: try TenantSegments.load(db, tenant: "step").ordered.map(\.plan))
        }
        let applier = ContactChangeApplier(
            plans: SegmentPlanCache(logger: Logger(label: "test")), columns: stepped, profilesTopic: "t.cdp.profiles")
        for messages in feed {
            try database.pool.write { db in
                for message in messages { try applier.apply(message, context: ApplyContext(db: db, topicPrefix: "t.")) }
            }
        }

        // When one tenant is computed in full, segment by segment, and the other contact by contact
        let columns = ColumnStore()
        try database.pool.write { db in
            let full = MembershipLedger(db: db, tenant: "full", topicPrefix: "t.", now: Self.now)
            for segment in try TenantSegments.load(db, tenant: "full").ordered {
                try FullComputation(ledger: full, columns: columns).run(segment)
            }
            let incremental = MembershipLedger(db: db, tenant: "inc", topicPrefix: "t.", now: Self.now)
            let segments = try TenantSegments.load(db, tenant: "inc")
            #expect(segments.ordered.count == 25 + BuiltinSegments.ids.count)
            for contact in try String.fetchAll(
                db, sql: "SELECT contact_id FROM projected_profiles WHERE tenant = 'inc'")
            {
                try ContactReevaluation(ledger: incremental, segments: segments).run(contact: contact)
            }
        }

        // Then every segment has the same members both ways, and the conditions were not all trivial
        var sizes: [Int] = []
        for id in ids + BuiltinSegments.ids.sorted() {
            let full = try database.members(id, tenant: "full")
            #expect(full == (try database.members(id, tenant: "inc")), "segment \(id) with seed \(seed)")
            sizes.append(full.count)
        }
        #expect(sizes.contains { $0 > 0 && $0 < 80 })

        // And the columns kept in step by the applier give the same members as columns read from SQLite
        try database.pool.read { db in
            let ledger = MembershipLedger(db: db, tenant: "full", topicPrefix: "", now: Self.now)
            var memberships: [String: Set<String>] = [:]
            for id in ids + BuiltinSegments.ids.sorted() { memberships[id] = try ledger.members(segment: id) }
            let fresh = try #require(columns.snapshot(tenant: "full"))
            let step = try #require(stepped.snapshot(tenant: "step"))
            for segment in try TenantSegments.load(db, tenant: "step").ordered {
                func members(_ columns: TenantColumns) -> Set<String> {
                    let held = ColumnEvaluator(columns: columns, now: Fixture.now, memberships: memberships)
                        .members(segment.plan)
                    return Set(held.indices.filter { held[$0] }.map { columns.ids[$0] })
                }
                #expect(members(step) == members(fresh), "segment \(segment.id) with seed \(seed)")
                #expect(members(fresh) == memberships[segment.id], "segment \(segment.id) with seed \(seed)")
            }
        }
    }

    /// A `cdp.profiles` message of tenant `step` (a tombstone without a profile).
    static func message(profile: ProfileSnapshot?, contact: String) throws -> ConsumedMessage {
        ConsumedMessage(
            topic: "t.cdp.profiles", partition: 0, offset: 0, key: Array("step/\(contact)".utf8),
            value: try profile.map {
                var copy = $0
                copy.tenant = "step"
                return try Topics.profiles.encode(copy)
            })
    }

    /// A `cdp.activity` message of tenant `step`.
    static func message(activity: ActivityRecord) throws -> ConsumedMessage {
        var copy = activity
        copy.tenant = "step"
        copy.id = "step-\(activity.id)"
        return ConsumedMessage(
            topic: "t.cdp.activity", partition: 0, offset: 0, key: Array("step/\(activity.contactId)".utf8),
            value: try Topics.activity.encode(copy))
    }

    static func contact(_ index: Int, random: inout Generator) -> (ProfileSnapshot, [ActivityRecord]) {
        var attributes: [String: JSONValue] = [:]
        if Bool.random(using: &random) {
            attributes["location"] = .string(["China", "Japan", "Chile", ""].randomElement(using: &random)!)
        }
        if Bool.random(using: &random) { attributes["member_points"] = .int(Int64.random(in: 0...100, using: &random)) }
        if Bool.random(using: &random) {
            attributes["order_amount"] = .double(Double.random(in: 0...50, using: &random))
        }
        if Bool.random(using: &random) {
            attributes["gender"] = .string(["male", "female"].randomElement(using: &random)!)
        }
        if Bool.random(using: &random) {
            attributes["member_day"] = time(daysAgo: Int.random(in: 0...20, using: &random))
        }
        let snapshot = ProfileSnapshot(
            tenant: "t", contactId: String(format: "c%03d", index), eventId: "e\(index)",
            identifiers: Bool.random(using: &random) ? ["email": ["c\(index)@example.com"]] : [:],
            attributes: attributes, tags: ["a", "b", "c"].filter { _ in Bool.random(using: &random) },
            subscriptions: Subscriptions(
                global: Int.random(in: 0..<5, using: &random) > 0, email: Bool.random(using: &random),
                mobile: Bool.random(using: &random)),
            createdAt: time(daysAgo: Int.random(in: 0...20, using: &random)).text!,
            updatedAt: "2026-11-24T00:00:00Z")
        let events = (0..<Int.random(in: 0...6, using: &random)).map { number in
            let name = ["form_submit", "wechat_qr_scan", "email_open", "tag_added"].randomElement(using: &random)!
            var properties: [String: JSONValue] = [:]
            if Bool.random(using: &random) {
                properties["form"] = .string(["member registration", "survey"].randomElement(using: &random)!)
            }
            if Bool.random(using: &random) { properties["amount"] = .int(Int64.random(in: 0...300, using: &random)) }
            if Bool.random(using: &random) { properties["vip"] = .bool(Bool.random(using: &random)) }
            return ActivityRecord(
                id: "a\(index)-\(number)", tenant: "t", contactId: snapshot.contactId, event: name,
                properties: properties, occurredAt: time(daysAgo: Int.random(in: 0...30, using: &random)).text!)
        }
        return (snapshot, events)
    }

    static func time(daysAgo days: Int) -> JSONValue {
        .string(Timestamps.format(now.addingTimeInterval(-Double(days) * 86_400 + 3600)))
    }

    static func rule(depth: Int, segments: [String], random: inout Generator) -> SegmentRule {
        if depth == 0 || Int.random(in: 0..<3, using: &random) == 0 {
            return .condition(condition(segments: segments, random: &random))
        }
        let children = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            rule(depth: depth - 1, segments: segments, random: &random)
        }
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return .all(children)
        case 1: return .any(children)
        default: return .not(children[0])
        }
    }

    static func condition(segments: [String], random: inout Generator) -> SegmentCondition {
        let days = Int.random(in: 0...20, using: &random)
        let window: (Int?, [String]?) =
            switch Int.random(in: 0..<3, using: &random) {
            case 0: (nil, nil)
            case 1: (days, nil)
            default: (nil, [time(daysAgo: days + 5).text!, time(daysAgo: days).text!])
            }
        let attributes: [AttributeCondition] = [
            .init(attribute: "location", op: .equals, value: .string("China")),
            .init(attribute: "location", op: .notIn, value: .array([.string("Japan"), .string("Chile")])),
            .init(attribute: "location", op: .contains, value: .string("h")),
            .init(attribute: "location", op: .isNotSet),
            .init(attribute: "member_points", op: .greater, value: .int(Int64(days * 5))),
            .init(attribute: "member_points", op: .between, value: .array([.int(10), .int(60)])),
            .init(attribute: "order_amount", op: .less, value: .double(25.5)),
            .init(attribute: "gender", op: .notEquals, value: .string("male")),
            .init(attribute: "created_at", op: .withinLastDays, value: .int(Int64(days))),
            .init(attribute: "member_day", op: .moreThanDaysAgo, value: .int(Int64(days))),
            .init(attribute: "member_day", op: .after, value: time(daysAgo: days)),
            .init(attribute: "email", op: .isSet),
            .init(attribute: "tags", op: .hasTag, value: .string("b")),
            .init(attribute: "subscribed_email", op: .equals, value: .bool(false)),
        ]
        let filter = PropertyFilter(
            join: Bool.random(using: &random) ? .and : .or,
            conditions: [
                PropertyCondition(property: "form", op: .equals, value: .string("member registration")),
                PropertyCondition(property: "amount", op: .greater, value: .int(100)),
                PropertyCondition(property: "vip", op: .equals, value: .bool(true)),
            ].filter { _ in Bool.random(using: &random) })
        let event = ["form_submit", "wechat_qr_scan", "email_open"].randomElement(using: &random)!
        switch Int.random(in: 0..<(segments.isEmpty ? 3 : 4), using: &random) {
        case 0: return .attribute(attributes.randomElement(using: &random)!)
        case 1:
            return .behaviour(
                BehaviourCondition(
                    event: event, did: Int.random(in: 0..<4, using: &random) > 0,
                    where: filter.conditions.isEmpty ? nil : filter,
                    count: Bool.random(using: &random)
                        ? CountRule(op: [.atLeast, .atMost, .exactly].randomElement(using: &random)!, value: days % 3)
                        : nil, withinLastDays: window.0, between: window.1))
        case 2:
            return .aggregate(
                AggregateCondition(
                    aggregate: [.sum, .count, .min, .max, .avg].randomElement(using: &random)!, event: event,
                    property: "amount", withinLastDays: window.0, between: window.1, op: .greater,
                    value: .int(Int64(days * 10))))
        default: return .segment(segments.randomElement(using: &random)!)
        }
    }
}
