import Foundation
import GRDB
import RosterModel

/// Reads the facts a plan needs for every contact of a tenant in one ordered pass over the projection: SQLite
/// extracts only the attributes and event properties the plan reads (`->` over the stored JSON), and a contact's
/// events, filtered by name on the `(tenant, contact_id, event, occurred_at)` index, are read only when its
/// attributes leave the plan undecided. The full computation and the estimate run on it. Values come back as JSON text
/// (`->`), so each is read the way the snapshot path reads it.
struct ProjectionScan {
    let attributes: [String]
    let events: [String]
    let properties: [String]

    /// A scan for everything `plans` read.
    init(plans: [SegmentPlan]) {
        attributes = Array(plans.reduce(into: Set<String>()) { $0.formUnion($1.attributes) }).sorted()
        events = Array(plans.reduce(into: Set<String>()) { $0.formUnion($1.events) }).sorted()
        properties = Array(
            plans.reduce(into: Set<String>()) { result, plan in
                for names in plan.properties.values { result.formUnion(names) }
            }
        ).sorted()
    }

    /// Calls `body` with each contact's facts, in contact id order. The events of a contact are read (one indexed
    /// look-up) only when `needsEvents` says its attributes alone do not decide; otherwise its facts hold none.
    func forEachContact(
        _ db: Database, tenant: String, needsEvents: (ContactFacts) -> Bool, _ body: (ContactFacts) throws -> Void
    ) throws {
        var columns: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for key in attributes {
            let (sql, values) = Self.attributeColumn(key)
            columns.append(sql)
            arguments += values
        }
        let profiles = try Row.fetchCursor(
            db,
            sql: "SELECT contact_id\(columns.map { ", " + $0 }.joined()) FROM projected_profiles WHERE tenant = ? "
                + "ORDER BY contact_id",
            arguments: StatementArguments(arguments + [tenant]))
        let events = try eventStatement(db)
        while let row = try profiles.next() {
            var facts = ContactFacts(contactId: row[0], attributes: [:], tags: [], events: [])
            for (index, key) in attributes.enumerated() {
                let value = Self.json(row[index + 1])
                if key == "tags" {
                    if case .array(let tags)? = value { facts.tags = Set(tags.compactMap(\.text)) }
                } else if let value {
                    facts.attributes[key] = value
                }
            }
            if let events, needsEvents(facts) {
                facts.events = try self.events(of: facts.contactId, tenant: tenant, statement: events)
            }
            try body(facts)
        }
    }

    private func eventStatement(_ db: Database) throws -> Statement? {
        guard !events.isEmpty else { return nil }
        let columns = properties.map { _ in ", properties -> ?" }.joined()
        let marks = Array(repeating: "?", count: events.count).joined(separator: ", ")
        return try db.makeStatement(
            sql: "SELECT event, occurred_at\(columns) FROM contact_activity WHERE tenant = ? AND contact_id = ? "
                + "AND event IN (\(marks))")
    }

    private func events(of contact: String, tenant: String, statement: Statement) throws -> [FactEvent] {
        let arguments: [(any DatabaseValueConvertible)?] =
            properties.map { "$.\"\($0)\"" } + [tenant, contact] + events
        var result: [FactEvent] = []
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            guard let time = TimeParser.seconds(row[1]) else { continue }
            var properties: [String: JSONValue] = [:]
            for (index, name) in self.properties.enumerated() {
                if let value = Self.json(row[index + 2]) { properties[name] = value }
            }
            result.append(FactEvent(name: row[0], occurredAt: time, properties: properties))
        }
        return result
    }

    /// The SQL reading one attribute as JSON text, as the snapshot path reads it (`ContactFacts(snapshot:events:)`):
    /// identifiers and the creation time stand in when the attributes have no value.
    private static func attributeColumn(_ key: String) -> (String, [(any DatabaseValueConvertible)?]) {
        switch key {
        case "contact_id": ("json_quote(contact_id)", [])
        case "tags": ("snapshot -> '$.tags'", [])
        case "updated_at": ("snapshot -> '$.updated_at'", [])
        case "subscribed_global", "subscribed_email", "subscribed_mobile":
            ("snapshot -> ?", ["$.subscriptions.\(key.dropFirst("subscribed_".count))"])
        case "created_at": ("COALESCE(snapshot -> ?, snapshot -> '$.created_at')", ["$.attributes.\"\(key)\""])
        default:
            ("COALESCE(snapshot -> ?, snapshot -> ?)", ["$.attributes.\"\(key)\"", "$.identifiers.\"\(key)\"[0]"])
        }
    }

    /// A JSON value as SQLite's `->` renders it, read as `JSONValue` decoding would read it (an integral number
    /// is `.int`); `nil` for SQL NULL (no such path).
    ///
    /// Plain strings, numbers, booleans and null are read here, once per extracted field; arrays, objects and
    /// escaped strings go through `WireCodec`.
    static func json(_ value: DatabaseValue) -> JSONValue? {
        guard case .string(let text) = value.storage else { return nil }
        switch text.utf8.first {
        case UInt8(ascii: "\""):
            if !text.utf8.contains(UInt8(ascii: "\\")) { return .string(String(text.dropFirst().dropLast())) }
        case UInt8(ascii: "t") where text == "true": return .bool(true)
        case UInt8(ascii: "f") where text == "false": return .bool(false)
        case UInt8(ascii: "n") where text == "null": return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"): break
        default:
            if let number = Int64(text) { return .int(number) }
            if let number = Double(text) {
                return number == number.rounded() && abs(number) < 9e15 ? .int(Int64(number)) : .double(number)
            }
        }
        return try? WireCodec.decode(JSONValue.self, from: Array(text.utf8))
    }
}
