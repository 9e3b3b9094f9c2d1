import Foundation
import RosterModel

/// A page of a contact's timeline, as `GET /v1/contacts/ID/timeline` answers it.
public struct ContactTimeline: Codable, Sendable, Equatable {
    /// The contact.
    public var contactId: String
    /// How many entries match, over all pages.
    public var total: Int
    /// The page, from 1.
    public var page: Int
    /// Entries a page.
    public var pageSize: Int
    /// This page's entries.
    public var entries: [TimelineEntry]

    /// The entries as a table and a `N of TOTAL` line.
    public var table: String {
        TimelineEntry.table(entries) + "\n\n"
            + TextFormat.pageSummary(
                count: entries.count, total: total, page: page, pageSize: pageSize, noun: "entries")
    }
}

/// One timeline entry: a behaviour event, or (in normal mode) an attribute, tag or subscription change.
public struct TimelineEntry: Codable, Sendable, Equatable {
    /// The entry's id.
    public var entryId: String
    /// The event (`purchase`, `attribute.changed`, ...).
    public var event: String
    /// Its properties.
    public var properties: [String: JSONValue]
    /// When it happened.
    public var occurredAt: String
    /// Where it came from (`http`, `import`, ...), when known.
    public var source: String?

    /// The properties on one line, keys sorted: `amount=12.5, sku=A-1`.
    public var propertiesText: String {
        properties.keys.sorted().map { "\($0)=\(TextFormat.cell(properties[$0] ?? .null))" }.joined(separator: ", ")
    }

    /// Entries as a table: when, event, source, properties.
    public static func table(_ entries: [TimelineEntry]) -> String {
        TextFormat.table(
            ["OCCURRED AT", "EVENT", "SOURCE", "PROPERTIES"],
            entries.map { [$0.occurredAt, $0.event, $0.source ?? "-", $0.propertiesText] })
    }
}
