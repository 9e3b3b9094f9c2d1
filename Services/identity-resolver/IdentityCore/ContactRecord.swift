import Foundation
import GRDB
import RosterModel

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
                db.cachedStatement(sql: "SELECT * FROM contacts WHERE tenant = ? AND contact_id = ?"),
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
        var record = ContactRecord(
            tenant: tenant, contactId: id, identifiers: identifiers,
            attributes: try decode(row["attributes"]), tags: try decode(row["tags"]),
            hiddenTags: try decode(row["hidden_tags"]), subscriptions: try decode(row["subscriptions"]),
            createdAt: row["created_at"], updatedAt: row["updated_at"],
            lastEventId: row["last_event_id"], flags: try decode(row["flags"]),
            storedCategory: Category(realName: row["real_name"], wechatFan: row["wechat_fan"]))
        record.indexedValues = ContactSearchIndex.values(of: record)
        return record
    }

    private static func decode<T: Decodable>(_ text: String) throws -> T {
        try WireCodec.decode(T.self, from: Array(text.utf8))
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try WireCodec.encode(value), as: UTF8.self)
    }

    /// Writes the contact row (identifiers are written separately): an insert for a new contact, else an update that
    /// sets the category columns only when they change, so that an ordinary update does not rewrite its entry in
    /// `contacts_by_category` (one more scattered page per event in the batch's transaction).
    mutating func save(_ db: Database, primaryKeys: Set<String>) throws {
        let category = Category(
            realName: isRealName(primaryKeys: primaryKeys), wechatFan: !(identifiers["wechat_openid"] ?? []).isEmpty)
        let columns: [(any DatabaseValueConvertible)?] = [
            try Self.encode(attributes), try Self.encode(tags), try Self.encode(hiddenTags),
            try Self.encode(subscriptions), updatedAt, lastEventId, try Self.encode(flags),
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
        indexedValues = try ContactSearchIndex.reindex(db, self, indexed: indexedValues)
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
