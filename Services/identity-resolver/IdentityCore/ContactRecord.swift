import Foundation
import GRDB
import RosterModel

/// A contact as the resolver stores it.
public struct ContactRecord: Sendable, Equatable {
    public var tenant: String
    public var contactId: String
    public var identifiers: [String: [String]]
    public var attributes: [String: JSONValue]
    public var tags: [String]
    public var subscriptions: Subscriptions
    public var createdAt: String
    public var updatedAt: String
    public var lastEventId: String

    /// The state published on `cdp.profiles`.
    public var snapshot: ProfileSnapshot {
        ProfileSnapshot(
            tenant: tenant, contactId: contactId, eventId: lastEventId, identifiers: identifiers,
            attributes: attributes, tags: tags, subscriptions: subscriptions, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    static func fetch(_ db: Database, tenant: String, id: String) throws -> ContactRecord? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM contacts WHERE tenant = ? AND contact_id = ?", arguments: [tenant, id])
        else { return nil }
        var identifiers: [String: [String]] = [:]
        for identifier in try Row.fetchAll(
            db,
            sql: "SELECT kind, value FROM contact_identifiers WHERE tenant = ? AND contact_id = ? ORDER BY kind, value",
            arguments: [tenant, id])
        {
            identifiers[identifier["kind"], default: []].append(identifier["value"])
        }
        return ContactRecord(
            tenant: tenant, contactId: id, identifiers: identifiers,
            attributes: try WireCodec.decode([String: JSONValue].self, from: Array((row["attributes"] as String).utf8)),
            tags: try WireCodec.decode([String].self, from: Array((row["tags"] as String).utf8)),
            subscriptions: try WireCodec.decode(Subscriptions.self, from: Array((row["subscriptions"] as String).utf8)),
            createdAt: row["created_at"], updatedAt: row["updated_at"], lastEventId: row["last_event_id"])
    }

    /// Inserts or replaces the contact row (identifiers are written separately).
    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO contacts (tenant, contact_id, attributes, tags, subscriptions, created_at, updated_at, last_event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, contact_id) DO UPDATE SET attributes = excluded.attributes, tags = excluded.tags,
                    subscriptions = excluded.subscriptions, updated_at = excluded.updated_at,
                    last_event_id = excluded.last_event_id
                """,
            arguments: [
                tenant, contactId, String(decoding: try WireCodec.encode(attributes), as: UTF8.self),
                String(decoding: try WireCodec.encode(tags), as: UTF8.self),
                String(decoding: try WireCodec.encode(subscriptions), as: UTF8.self), createdAt, updatedAt,
                lastEventId,
            ])
    }
}
