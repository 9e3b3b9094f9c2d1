import Foundation
import RosterModel

/// A contact's 360° view, as `GET /v1/contacts/ID` answers it: identifiers, attributes, tags, subscriptions, merges,
/// flags and the latest timeline entries.
public struct ContactView: Codable, Sendable, Equatable {
    /// The contact's id.
    public var contactId: String
    /// Identifier values by kind.
    public var identifiers: [String: [String]]
    /// Attribute values by key.
    public var attributes: [String: JSONValue]
    /// Its visible tags.
    public var tags: [String]
    /// Its hidden tags (on the contact and in segments, left out of lists).
    public var hiddenTags: [String]?
    /// Subscription state per channel.
    public var subscriptions: Subscriptions
    /// When it was created.
    public var createdAt: String
    /// When it last changed.
    public var updatedAt: String
    /// The contacts folded into it.
    public var merges: [Merge]
    /// What the resolver declined to do for it.
    public var flags: [ContactFlag]
    /// Its latest timeline entries.
    public var timeline: [TimelineEntry]
    /// How many timeline entries it has in all.
    public var timelineTotal: Int

    /// The view as sections: a heading line, then identifiers, attributes, tags, subscriptions, merges, flags and
    /// the timeline.
    public var text: String {
        var lines = ["contact \(contactId)", "created: \(createdAt)", "updated: \(updatedAt)"]
        lines += Self.section("identifiers", identifiers.keys.sorted()) { kind in
            "\(kind): \((identifiers[kind] ?? []).joined(separator: ", "))"
        }
        lines += Self.section("attributes", attributes.keys.sorted()) { key in
            "\(key): \(TextFormat.cell(attributes[key] ?? .null))"
        }
        lines.append("tags: " + (tags.isEmpty ? "(none)" : tags.joined(separator: ", ")))
        if let hiddenTags, !hiddenTags.isEmpty { lines.append("hidden tags: " + hiddenTags.joined(separator: ", ")) }
        lines.append(
            "subscriptions: global \(Self.onOff(subscriptions.global)), email \(Self.onOff(subscriptions.email)), "
                + "mobile \(Self.onOff(subscriptions.mobile))")
        lines += Self.section("merges", merges) { $0.line }
        lines += Self.section("flags", flags) { $0.line }
        if timeline.isEmpty {
            lines.append("timeline: (none)")
        } else {
            lines.append("timeline (latest \(timeline.count) of \(timelineTotal)):")
            lines.append(TextFormat.indented(TimelineEntry.table(timeline)))
            if timelineTotal > timeline.count {
                lines.append("  (all of it: roster contacts timeline \(contactId))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `NAME: (none)`, or `NAME:` and one indented line an item.
    private static func section<Item>(_ name: String, _ items: [Item], _ line: (Item) -> String) -> [String] {
        items.isEmpty ? ["\(name): (none)"] : ["\(name):"] + items.map { "  " + line($0) }
    }

    private static func onOff(_ value: Bool) -> String { value ? "on" : "off" }
}

/// Something the resolver declined to do for a contact, recorded so that it is never silent.
public struct ContactFlag: Codable, Sendable, Equatable {
    /// `blocked_identifier`, `identifier_limit` or `merge_skipped_limit`.
    public var reason: String
    /// The identifier kind concerned.
    public var kind: String
    /// Its value.
    public var value: String
    /// The event that carried it.
    public var eventId: String
    /// When it was declined.
    public var at: String
    /// The contact a skipped merge would have joined.
    public var otherContactId: String?

    /// Makes a flag.
    public init(
        reason: String, kind: String, value: String, eventId: String, at: String, otherContactId: String? = nil
    ) {
        self.reason = reason
        self.kind = kind
        self.value = value
        self.eventId = eventId
        self.at = at
        self.otherContactId = otherContactId
    }

    /// `REASON: KIND VALUE[, other contact C] (event E, at T)`.
    public var line: String {
        let other = otherContactId.map { ", other contact \($0)" } ?? ""
        return "\(reason): \(kind) \(value)\(other) (event \(eventId), at \(at))"
    }
}
