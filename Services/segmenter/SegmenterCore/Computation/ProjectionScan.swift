import Foundation
import GRDB
import RosterModel

/// Reads the projection's facts in bulk for the column store (`TenantColumns`): SQLite extracts only the attributes
/// and event properties asked for (`->` over the stored JSON), and each value is read the way the snapshot path
/// reads it (`ContactFacts(snapshot:events:)`), so that columns and the incremental path see the same facts.
struct ProjectionScan {
    let attributes: [String]
    let events: [String]
    let properties: [String]

    /// Calls `body` with each contact's attribute facts (no events) and the `cdp.profiles` partition its profile came
    /// from, in contact id order.
    func forEachContact(_ db: Database, tenant: String, _ body: (ContactFacts, Int32) throws -> Void) throws {
        var columns: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for key in attributes {
            let (sql, values) = Self.attributeColumn(key)
            columns.append(sql)
            arguments += values
        }
        let profiles = try Row.fetchCursor(
            db,
            sql: "SELECT contact_id, partition\(columns.map { ", " + $0 }.joined()) FROM projected_profiles "
                + "WHERE tenant = ? ORDER BY contact_id",
            arguments: StatementArguments(arguments + [tenant]))
        while let row = try profiles.next() {
            var facts = ContactFacts(contactId: row[0], attributes: [:], tags: [], events: [])
            for (index, key) in attributes.enumerated() {
                let value = Self.json(row[index + 2])
                if key == "tags" {
                    if case .array(let tags)? = value { facts.tags = Set(tags.compactMap(\.text)) }
                } else if let value {
                    facts.attributes[key] = value
                }
            }
            try body(facts, row[1])
        }
    }

    /// Calls `body` with every stored event of the scan's names and its contact, with the scan's properties.
    func forEachEvent(_ db: Database, tenant: String, _ body: (String, FactEvent) throws -> Void) throws {
        guard !events.isEmpty else { return }
        let columns = properties.map { _ in ", properties -> ?" }.joined()
        let marks = Array(repeating: "?", count: events.count).joined(separator: ", ")
        let arguments: [(any DatabaseValueConvertible)?] = properties.map { "$.\"\($0)\"" } + [tenant] + events
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT contact_id, event, occurred_at\(columns) FROM contact_activity WHERE tenant = ? "
                + "AND event IN (\(marks))",
            arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            guard let time = TimeParser.seconds(row[2]) else { continue }
            var values: [String: JSONValue] = [:]
            for (index, name) in properties.enumerated() {
                if let value = Self.json(row[index + 3]) { values[name] = value }
            }
            try body(row[0], FactEvent(name: row[1], occurredAt: time, properties: values))
        }
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
