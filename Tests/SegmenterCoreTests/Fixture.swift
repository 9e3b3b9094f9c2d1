import Foundation
import RosterModel
import RosterRuntime
import Testing

@testable import SegmenterCore

/// Definitions, catalogs and contacts for the evaluator's unit tests, at a fixed "now".
enum Fixture {
    /// 2026-11-24T00:00:00Z.
    static let now = TimeParser.seconds("2026-11-24T00:00:00Z")!

    /// The presets plus one tenant attribute of each type and a typed `order_paid` event.
    static let catalog: SegmentCatalog = {
        var catalog = SegmentCatalog(attributes: [:], events: [:], segments: ["seg-a", "seg-b"])
        for attribute in Presets.attributes { catalog.attributes[attribute.key] = ValueKind(attribute.type) }
        catalog.attributes.merge(SegmentCatalog.contactAttributes) { _, new in new }
        catalog.attributes.merge([
            "nickname": .text, "score": .number, "vip": .boolean, "birthday": .date, "last_seen": .datetime,
            "tier": .enum,
        ]) { _, new in new }
        for event in Presets.events { catalog.events.updateValue(nil, forKey: event.key) }
        catalog.events.updateValue(["amount": .number, "channel": .text], forKey: "order_paid")
        return catalog
    }()

    static func definition(_ json: String) throws -> SegmentDefinition {
        try WireCodec.decode(SegmentDefinition.self, from: Array(json.utf8))
    }

    static func plan(_ json: String) throws -> SegmentPlan {
        try SegmentCompiler.compile(try definition(json), catalog: catalog)
    }

    /// An advanced definition with one rule.
    static func rule(_ json: String) -> String { #"{"name": "t", "type": "advanced", "rule": \#(json)}"# }

    static func contact(
        _ attributes: [String: JSONValue] = [:], tags: Set<String> = [], events: [FactEvent] = []
    ) -> ContactFacts {
        ContactFacts(contactId: "c1", attributes: attributes, tags: tags, events: events)
    }

    static func event(_ name: String, daysAgo: Double, _ properties: [String: JSONValue] = [:]) -> FactEvent {
        FactEvent(name: name, occurredAt: now - daysAgo * 86_400, properties: properties)
    }

    /// An RFC 3339 time `days` before now.
    static func time(daysAgo days: Double) -> JSONValue {
        .string(Timestamps.format(Date(timeIntervalSince1970: now - days * 86_400)))
    }

    /// Whether the contact satisfies the plan, by the per-contact evaluator; records an issue when the column
    /// evaluator, over columns holding this one contact, says otherwise.
    static func holds(_ plan: SegmentPlan, _ facts: ContactFacts, members: Set<String> = []) -> Bool {
        let held = SegmentEvaluator(now: now) { members.contains($0) }.holds(plan, facts)
        #expect(columnsHold(plan, facts, members: members) == held, "the column evaluator disagrees")
        return held
    }

    /// The column evaluator's answer for one contact.
    static func columnsHold(_ plan: SegmentPlan, _ facts: ContactFacts, members: Set<String>) -> Bool {
        var columns = TenantColumns()
        for key in plan.attributes { columns.attributes[key] = ValueColumn() }
        for event in plan.events { columns.events[event] = EventTable(properties: plan.properties[event] ?? []) }
        columns.setProfile(facts)
        for event in facts.events { columns.append(event: event, contact: facts.contactId) }
        let memberships = Dictionary(
            uniqueKeysWithValues: plan.segments.map { ($0, members.contains($0) ? [facts.contactId] : Set<String>()) })
        return ColumnEvaluator(columns: columns, now: now, memberships: memberships).members(plan) == [true]
    }
}
