import Foundation
import GRDB
import RosterModel
import RosterRuntime
import Synchronization

/// Reading and writing channel contacts inside a transaction: one row per contact, tags in a side table, live
/// counts per channel kept beside them.
enum ContactRows {
    /// A stored contact and its row id.
    struct Stored {
        var row: Int64
        var contact: SocialContactSnapshot
    }

    /// The contact of a channel user, if stored.
    static func fetch(_ db: Database, tenant: String, channel: String, userID: String) throws -> Stored? {
        var statement = BoundStatement(try db.cachedStatement(sql: fetchSQL))
        try statement.bind(tenant)
        try statement.bind(channel)
        try statement.bind(userID)
        var reader = ContactReader(statement.statement)
        defer { reader.reset() }
        return try reader.next()
    }

    /// The contacts whose row ids are given, in that order, with their tags.
    static func fetch(_ db: Database, rows ids: [Int64]) throws -> [SocialContactSnapshot] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        var reader = ContactReader(
            try db.makeStatement(sql: "SELECT \(selection) FROM social_contacts c WHERE id IN (\(list))"))
        var byRow: [Int64: SocialContactSnapshot] = [:]
        while let stored = try reader.next() { byRow[stored.row] = stored.contact }
        return ids.compactMap { byRow[$0] }
    }

    /// Stores a new contact; returns its row id.
    @discardableResult
    static func insert(_ db: Database, _ contact: SocialContactSnapshot) throws -> Int64 {
        let bits = contact.tags.isEmpty ? nil : try tagBits(db, contact)
        var statement = BoundStatement(try db.cachedStatement(sql: bits == nil ? insertSQL : insertWithBitsSQL))
        for column in columns { try column.bind(contact, &statement) }
        if let bits { try statement.bind(bits) }
        try statement.execute()
        let row = db.lastInsertedRowID
        try changeTags(db, row: row, from: [], to: contact.tags)
        try adjustCounts(db, contact.tenant, contact.channel, subscribed: contact.subscribed ? 1 : 0, total: 1)
        return row
    }

    /// Writes the columns that differ between the stored and the new state (the tag bits among them, in the same
    /// statement), and the tag changes; returns whether anything differed.
    @discardableResult
    static func update(_ db: Database, _ stored: Stored, to contact: SocialContactSnapshot) throws -> Bool {
        var changed: UInt64 = 0
        for (position, column) in columns.enumerated() where !column.same(stored.contact, contact) {
            changed |= 1 << position
        }
        let bits = stored.contact.tags == contact.tags ? nil : try tagBits(db, contact)
        if bits != nil { changed |= 1 << columns.count }
        guard changed != 0 else { return false }
        var statement = BoundStatement(try db.cachedStatement(sql: updateSQL(changed)))
        for (position, column) in columns.enumerated() where changed & (1 << position) != 0 {
            try column.bind(contact, &statement)
        }
        if let bits { try statement.bind(bits) }
        try statement.bind(stored.row)
        try statement.execute()
        try changeTags(db, row: stored.row, from: stored.contact.tags, to: contact.tags)
        if stored.contact.subscribed != contact.subscribed {
            try adjustCounts(db, contact.tenant, contact.channel, subscribed: contact.subscribed ? 1 : -1, total: 0)
        }
        return true
    }

    /// Removes a contact and its tags.
    static func delete(_ db: Database, _ stored: Stored) throws {
        try db.execute(sql: "DELETE FROM social_contact_tags WHERE contact_row = ?", arguments: [stored.row])
        try db.execute(sql: "DELETE FROM social_contacts WHERE id = ?", arguments: [stored.row])
        try adjustCounts(
            db, stored.contact.tenant, stored.contact.channel, subscribed: stored.contact.subscribed ? -1 : 0,
            total: -1)
    }

    /// Records tags applied at a time, for tag frequency.
    static func recordApplications(_ db: Database, _ contact: SocialContactSnapshot, tags: [String], at: String) throws
    {
        for tag in tags {
            try db.cachedStatement(
                sql: "INSERT INTO social_tag_applications (tenant, channel, tag, applied_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [contact.tenant, contact.channel, tag, at])
        }
    }

    private static func tagBits(_ db: Database, _ contact: SocialContactSnapshot) throws -> Int64 {
        try TagBits.mask(db, tenant: contact.tenant, channel: contact.channel, tags: contact.tags)
    }

    private static func changeTags(_ db: Database, row: Int64, from old: [String], to new: [String]) throws {
        guard old != new else { return }
        let before = Set(old)
        let after = Set(new)
        for tag in after.subtracting(before) {
            try db.cachedStatement(sql: "INSERT INTO social_contact_tags (contact_row, tag) VALUES (?, ?)")
                .execute(arguments: [row, tag])
        }
        for tag in before.subtracting(after) {
            try db.cachedStatement(sql: "DELETE FROM social_contact_tags WHERE contact_row = ? AND tag = ?")
                .execute(arguments: [row, tag])
        }
    }

    private static func adjustCounts(
        _ db: Database, _ tenant: String, _ channel: String, subscribed: Int, total: Int
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO social_counts (tenant, channel, subscribed, total) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant, channel) DO UPDATE SET subscribed = subscribed + excluded.subscribed,
                    total = total + excluded.total
                """
        ).execute(arguments: [tenant, channel, subscribed, total])
    }

    /// A stored column: its name, how a contact's value in it is bound, and whether two contacts have the same value.
    struct StoredColumn: Sendable {
        let name: String
        let bind: @Sendable (SocialContactSnapshot, inout BoundStatement) throws -> Void
        let same: @Sendable (SocialContactSnapshot, SocialContactSnapshot) -> Bool

        init<Value: StatementBinding & Equatable>(
            _ name: String, _ read: @escaping @Sendable (SocialContactSnapshot) -> Value?
        ) {
            self.name = name
            self.bind = { contact, statement in try statement.bind(read(contact)) }
            self.same = { read($0) == read($1) }
        }
    }

    /// The stored columns in table order (the tags, last, also have their own table, which searches use). An update
    /// compares the two contacts field by field and converts only what changed: converting every column of both to
    /// `DatabaseValue`s and comparing those (the attributes encoded twice) made an update 2 µs of CPU slower per event
    /// (perf, as `ContactReader` says).
    static let columns: [StoredColumn] = [
        StoredColumn("tenant") { $0.tenant }, StoredColumn("channel") { $0.channel },
        StoredColumn("channel_user_id") { $0.channelUserId }, StoredColumn("contact_id") { $0.contactId },
        StoredColumn("display_name") { $0.displayName }, StoredColumn("avatar_url") { $0.avatarUrl },
        StoredColumn("member_id") { $0.memberId }, StoredColumn("email") { $0.email },
        StoredColumn("phone") { $0.phone },
        StoredColumn("subscribed") { $0.subscribed }, StoredColumn("subscribed_at") { $0.subscribedAt },
        StoredColumn("social_bound") { $0.socialBound }, StoredColumn("phone_bound") { $0.phoneBound },
        StoredColumn("member_bound") { $0.memberBound },
        StoredColumn("recurring_notification") { $0.recurringNotification },
        StoredColumn("last_checkout_at") { $0.lastCheckoutAt },
        StoredColumn("team_last_interaction_at") { $0.teamLastInteractionAt },
        StoredColumn("team_last_marketing_at") { $0.teamLastMarketingAt },
        StoredColumn("customer_last_interaction_at") { $0.customerLastInteractionAt },
        StoredColumn("over_quota") { $0.overQuota },
        StoredColumn("attributes") { StoredJSON(values: $0.attributes) },
        StoredColumn("omo_teammate") { $0.omoTeammate },
        StoredColumn("omo_store") { $0.omoStore }, StoredColumn("test_list") { $0.testList },
        StoredColumn("created_at") { $0.createdAt },
        StoredColumn("updated_at") { $0.updatedAt }, StoredColumn("event_id") { $0.eventId },
        StoredColumn("tags") { StoredJSON(values: $0.tags) },
    ]

    /// The row id and the stored columns, read by position, as `ContactReader` does.
    static let selection = "id, " + columns.map(\.name).joined(separator: ", ")

    /// The read of one channel user's contact.
    private static let fetchSQL =
        "SELECT \(selection) FROM social_contacts c WHERE tenant = ? AND channel = ? AND channel_user_id = ?"

    private static let insertSQL = makeInsertSQL(names: columns.map(\.name))

    private static let insertWithBitsSQL = makeInsertSQL(names: columns.map(\.name) + ["tag_bits"])

    /// The insert of a contact's row with these columns.
    private static func makeInsertSQL(names: [String]) -> String {
        "INSERT INTO social_contacts (\(names.joined(separator: ", "))) VALUES "
            + "(\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
    }

    /// The update of the columns whose bits are set (bit `columns.count`: `tag_bits`), its SQL made once per set.
    private static func updateSQL(_ changed: UInt64) -> String {
        if let sql = updateSQLs.withLock({ $0[changed] }) { return sql }
        let names = (columns.map(\.name) + ["tag_bits"]).enumerated().filter { changed & (1 << $0.offset) != 0 }
        let sql = "UPDATE social_contacts SET \(names.map { "\($0.element) = ?" }.joined(separator: ", ")) WHERE id = ?"
        updateSQLs.withLock { $0[changed] = sql }
        return sql
    }

    private static let updateSQLs = Mutex<[UInt64: String]>([:])
}

/// A collection stored as JSON text on the contact's row (the custom attributes, the tags): compared as values,
/// encoded only when written.
struct StoredJSON<Values: Codable & Equatable>: Equatable, DatabaseValueConvertible {
    var values: Values

    var databaseValue: DatabaseValue {
        String(decoding: (try? WireCodec.encode(values)) ?? [], as: UTF8.self).databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredJSON? {
        guard let text = String.fromDatabaseValue(dbValue) else { return nil }
        return (try? WireCodec.decode(Values.self, from: Array(text.utf8))).map(StoredJSON.init)
    }
}
