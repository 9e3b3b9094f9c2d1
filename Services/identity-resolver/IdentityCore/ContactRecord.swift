import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// A contact as the resolver stores it.
public struct ContactRecord: Sendable, Equatable {
    public var tenant: String
    public var contactId: String
    public var identifiers: [String: [String]]
    public var attributes: [String: JSONValue]
    /// Visible tags, sorted.
    public var tags: [String]
    /// Hidden tags, sorted: on the contact and in segments and searches, but not shown by default.
    public var hiddenTags: [String] = []
    public var subscriptions: Subscriptions
    public var createdAt: String
    public var updatedAt: String
    public var lastEventId: String
    /// What the resolver declined to do for this contact (blocked values, limits), never silently.
    var flags: [ContactFlag] = []
    /// The category columns as stored, or `nil` for a contact not stored yet.
    var storedCategory: Category?
    /// What the search index holds for the contact, when known: as read, as last saved, or nothing for a new contact.
    var indexedValues: Set<ContactSearchIndex.IndexedValue>?

    /// The values of the `wanted` attribute columns, as the segmenter and the exporter read them: the attribute's
    /// latest value, else, for `contact_id` and `created_at`, the contact's own, and for an identifier kind (`mobile`,
    /// `member_id`, …) its first value.
    func columns(_ wanted: Set<String>) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for key in wanted {
            if let value = attributes[key] {
                values[key] = value
            } else if key == "contact_id" {
                values[key] = .string(contactId)
            } else if key == "created_at" {
                values[key] = .string(createdAt)
            } else if let identifier = identifiers[key]?.first {
                values[key] = .string(identifier)
            }
        }
        return values
    }

    /// The category flags a contact row carries (and `contacts_by_category` indexes).
    struct Category: Sendable, Equatable {
        var realName: Bool
        var wechatFan: Bool
    }

    /// A new contact created by an event.
    static func new(tenant: String, id: String, event: ContactEvent) -> ContactRecord {
        ContactRecord(
            tenant: tenant, contactId: id, identifiers: [:], attributes: [:], tags: [], hiddenTags: [],
            subscriptions: Subscriptions(),
            createdAt: event.occurredAt, updatedAt: event.occurredAt, lastEventId: event.id,
            indexedValues: [])
    }

    /// The state published on `cdp.profiles`.
    public var snapshot: ProfileSnapshot {
        ProfileSnapshot(
            tenant: tenant, contactId: contactId, eventId: lastEventId, identifiers: identifiers,
            attributes: attributes, tags: tags, hiddenTags: hiddenTags.isEmpty ? nil : hiddenTags,
            subscriptions: subscriptions, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    /// Whether a primary key (mobile, e-mail, a tenant's own) has a value.
    func isRealName(primaryKeys: Set<String>) -> Bool {
        identifiers.contains { primaryKeys.contains($0.key) && !$0.value.isEmpty }
    }

    static func fetch(_ db: Database, tenant: String, id: String) throws -> ContactRecord? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(columns(prefix: "")) FROM contacts WHERE tenant = ? AND contact_id = ?"),
                arguments: [tenant, id])
        else { return nil }
        var identifiers: [String: [String]] = [:]
        for identifier in try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT kind, value FROM contact_identifiers WHERE tenant = ? AND contact_id = ? ORDER BY kind, value"
            ),
            arguments: [tenant, id])
        {
            identifiers[identifier["kind"], default: []].append(identifier["value"])
        }
        return try ContactRecord(row: row, tenant: tenant, identifiers: identifiers)
    }

    /// The tenant's contacts of the given ids that exist, each with its identifiers, in two statements (a batch's
    /// contacts, rather than two statements per contact).
    static func fetchAll(_ db: Database, tenant: String, ids: [String]) throws -> [ContactRecord] {
        let list = ContactBatch.jsonArray(ids)
        var identifiers: [String: [String: [String]]] = [:]
        let identifierRows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT i.contact_id, i.kind, i.value FROM json_each(?) j
                    CROSS JOIN contact_identifiers i ON i.tenant = ? AND i.contact_id = j.value
                    """),
            arguments: [list, tenant])
        while let row = try identifierRows.next() {
            identifiers[row[0], default: [:]][row[1], default: []].append(row[2])
        }
        var records: [ContactRecord] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT \(columns(prefix: "c.")) FROM json_each(?) j
                    CROSS JOIN contacts c ON c.tenant = ? AND c.contact_id = j.value
                    """),
            arguments: [list, tenant])
        while let row = try rows.next() {
            var byKind = identifiers[row[0]] ?? [:]
            for kind in byKind.keys { byKind[kind]!.sort() }
            records.append(try ContactRecord(row: row, tenant: tenant, identifiers: byKind))
        }
        return records
    }

    /// A column's value, read through its type's own reader (`FastJSONDecodable.init(jsonBytes:)`, not
    /// `WireCodec.decode`: see `jsonBytes`).
    private static func decode<T: FastJSONDecodable>(_ text: String) throws -> T {
        try T(jsonBytes: Array(text.utf8))
    }

    /// A column's value, written through its type's own writer.
    private static func encode<T: FastJSONEncodable>(_ value: T) -> String {
        String(decoding: value.jsonBytes(capacity: 256), as: UTF8.self)
    }

    /// An array column, the usual empty one without a writer.
    private static func encodeArray<Element: FastJSONEncodable>(_ values: [Element]) -> String {
        values.isEmpty ? "[]" : encode(values)
    }

    /// Writes the contact row (identifiers are written separately): an insert for a new contact, else an update that
    /// sets the category columns only when they change, so that an ordinary update does not rewrite its entry in
    /// `contacts_by_category` (one more scattered page per event in the batch's transaction).
    mutating func save(_ db: Database, primaryKeys: Set<String>, searchRows: inout MultiRowInsert) throws {
        let category = Category(
            realName: isRealName(primaryKeys: primaryKeys), wechatFan: !(identifiers["wechat_openid"] ?? []).isEmpty)
        let columns: [(any DatabaseValueConvertible)?] = [
            Self.encode(attributes), Self.encodeArray(tags), Self.encodeArray(hiddenTags), Self.encode(subscriptions),
            updatedAt, lastEventId, Self.encodeArray(flags),
        ]
        if storedCategory == nil {
            try db.cachedStatement(
                sql: """
                    INSERT INTO contacts (attributes, tags, hidden_tags, subscriptions, updated_at, last_event_id, flags,
                        real_name, wechat_fan, created_at, tenant, contact_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: StatementArguments(
                    columns + [category.realName, category.wechatFan, createdAt, tenant, contactId]))
        } else if storedCategory == category {
            try db.cachedStatement(
                sql: """
                    UPDATE contacts SET attributes = ?, tags = ?, hidden_tags = ?, subscriptions = ?, updated_at = ?,
                        last_event_id = ?, flags = ?
                    WHERE tenant = ? AND contact_id = ?
                    """
            ).execute(arguments: StatementArguments(columns + [tenant, contactId]))
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE contacts SET attributes = ?, tags = ?, hidden_tags = ?, subscriptions = ?, updated_at = ?,
                        last_event_id = ?, flags = ?, real_name = ?, wechat_fan = ?
                    WHERE tenant = ? AND contact_id = ?
                    """
            ).execute(
                arguments: StatementArguments(columns + [category.realName, category.wechatFan, tenant, contactId]))
        }
        storedCategory = category
        indexedValues = try ContactSearchIndex.reindex(db, self, indexed: indexedValues, into: &searchRows)
    }

    /// Removes the contact, its identifiers, its timeline and the merge records that formed it.
    static func erase(_ db: Database, tenant: String, id: String) throws {
        for table in ["contact_identifiers", "contacts"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE tenant = ? AND contact_id = ?", arguments: [tenant, id])
        }
        try db.execute(sql: "DELETE FROM contact_merges WHERE tenant = ? AND survivor_id = ?", arguments: [tenant, id])
        try Timeline.delete(db, tenant: tenant, contactID: id)
        try ContactSearchIndex.remove(db, tenant: tenant, contactID: id)
    }
}

extension ContactRecord {
    /// The `contacts` columns `init(row:)` reads, in its order (read by position: by name, GRDB compares each name
    /// with every column's).
    private static func columns(prefix: String) -> String {
        [
            "contact_id", "attributes", "tags", "hidden_tags", "subscriptions", "created_at", "updated_at",
            "last_event_id", "flags", "real_name", "wechat_fan",
        ].map { prefix + $0 }.joined(separator: ", ")
    }

    /// A contact from its `contacts` row (`columns`) and its identifiers (each kind's values sorted).
    private init(row: Row, tenant: String, identifiers: [String: [String]]) throws {
        self.init(
            tenant: tenant, contactId: row[0], identifiers: identifiers,
            attributes: try Self.decode(row[1]), tags: try Self.decodeArray(row[2]),
            hiddenTags: try Self.decodeArray(row[3]), subscriptions: try Self.decode(row[4]),
            createdAt: row[5], updatedAt: row[6], lastEventId: row[7], flags: try Self.decodeArray(row[8]),
            storedCategory: Category(realName: row[9], wechatFan: row[10]))
        indexedValues = ContactSearchIndex.values(of: self)
    }

    /// An array column, the usual empty one without parsing.
    private static func decodeArray<Element: FastJSONDecodable>(_ text: String) throws -> [Element] {
        text == "[]" ? [] : try decode(text)
    }
}
