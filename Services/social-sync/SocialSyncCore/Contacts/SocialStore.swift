import Foundation
import GRDB
import Hummingbird
import RosterModel
import RosterRuntime

/// The worker's database: channel contacts, their tags and counts, teammates, stores and import jobs. The consume
/// loops write through `ContactRows` and `OMODirectory` inside their batch transactions; the API reads here.
public final class SocialStore: Sendable {
    /// The pool the consume loops write through and the API reads from.
    public let database: DatabasePool

    /// The store over the worker's pool.
    public init(database: DatabasePool) { self.database = database }

    /// Effective (subscribed) and total contacts of a channel.
    public struct Counts: Codable, Sendable, Equatable, ResponseEncodable {
        public var channel: String
        public var effective: Int
        public var total: Int
    }

    /// A page of contacts and how many match in all.
    public struct Page: Sendable {
        public var total: Int
        public var contacts: [SocialContactSnapshot]
    }

    /// Live counts of a channel.
    public func counts(tenant: String, channel: Channel) throws -> Counts {
        try database.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT subscribed, total FROM social_counts WHERE tenant = ? AND channel = ?",
                arguments: [tenant, channel.rawValue])
            return Counts(channel: channel.rawValue, effective: row?["subscribed"] ?? 0, total: row?["total"] ?? 0)
        }
    }

    /// One contact.
    public func contact(tenant: String, channel: Channel, userID: String) throws -> SocialContactSnapshot? {
        try database.read {
            try ContactRows.fetch($0, tenant: tenant, channel: channel.rawValue, userID: userID)?.contact
        }
    }

    /// The tenant's identifier normalizer, for reading searched e-mails and phones as events store them.
    public func normalizer(tenant: String) throws -> IdentifierNormalizer {
        try database.read { try TenantNormalizers.read($0, tenant: tenant) }
    }

    /// A page of the contacts matching the query, oldest row first.
    public func search(tenant: String, query: ContactQuery, limit: Int, offset: Int) throws -> Page {
        try database.read { db in
            let (clause, arguments) = query.sql(tenant: tenant, tagBits: try Self.tagBits(db, tenant, query))
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM social_contacts c WHERE \(clause)", arguments: arguments)
                ?? 0
            let rows = try Int64.fetchAll(
                db, sql: "SELECT c.id FROM social_contacts c WHERE \(clause) ORDER BY c.id LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return Page(total: total, contacts: try ContactRows.fetch(db, rows: rows))
        }
    }

    /// Calls `body` with the user id of every contact matching the query, in row order, a chunk at a time.
    public func forEachUserID(tenant: String, query: ContactQuery, _ body: ([String]) throws -> Void) throws {
        try database.read { db in
            let (clause, arguments) = query.sql(tenant: tenant, tagBits: try Self.tagBits(db, tenant, query))
            let cursor = try String.fetchCursor(
                db, sql: "SELECT c.channel_user_id FROM social_contacts c WHERE \(clause) ORDER BY c.id",
                arguments: arguments)
            var chunk: [String] = []
            while let id = try cursor.next() {
                chunk.append(id)
                if chunk.count == 10_000 {
                    try body(chunk)
                    chunk = []
                }
            }
            if !chunk.isEmpty { try body(chunk) }
        }
    }

    /// How many times each tag was applied to the channel's contacts between two times, most applied first.
    public func tagFrequency(tenant: String, channel: Channel, from: String, to: String) throws -> [(String, Int)] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT tag, COUNT(*) AS times FROM social_tag_applications
                    WHERE tenant = ? AND channel = ? AND applied_at BETWEEN ? AND ?
                    GROUP BY tag ORDER BY times DESC, tag
                    """, arguments: [tenant, channel.rawValue, from, to]
            ).map { ($0["tag"], $0["times"]) }
        }
    }

    /// The channel's test list.
    public func testList(tenant: String, channel: Channel) throws -> [SocialContactSnapshot] {
        try database.read { db in
            let rows = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM social_contacts WHERE tenant = ? AND channel = ? AND test_list = 1 ORDER BY id",
                arguments: [tenant, channel.rawValue])
            return try ContactRows.fetch(db, rows: rows)
        }
    }

    private static func tagBits(_ db: Database, _ tenant: String, _ query: ContactQuery) throws -> [String: Int64] {
        try TagBits.bits(db, tenant: tenant, channel: query.channel.rawValue, tags: query.tags)
    }

    /// Whether an event id has been applied (an HTTP write waiting for its own event).
    public func hasApplied(_ eventID: String) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM roster_applied_events WHERE event_id = ?)", arguments: [eventID])
                ?? false
        }
    }

    /// The tenant's teammates.
    func teammates(tenant: String) throws -> [OMODirectory.Teammate] {
        try database.read { try OMODirectory.teammates($0, tenant: tenant) }
    }

    /// The tenant's stores.
    func stores(tenant: String) throws -> [OMODirectory.Store] {
        try database.read { try OMODirectory.stores($0, tenant: tenant) }
    }
}
