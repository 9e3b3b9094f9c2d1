import Foundation
import GRDB
import RosterModel

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
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT \(selection) FROM social_contacts WHERE tenant = ? AND channel = ? AND channel_user_id = ?"
                ),
                arguments: [tenant, channel, userID])
        else { return nil }
        let id: Int64 = row[0]
        return Stored(row: id, contact: try snapshot(row, tags: try tags(db, row: id)))
    }

    /// The contacts whose row ids are given, in that order, with their tags.
    static func fetch(_ db: Database, rows ids: [Int64]) throws -> [SocialContactSnapshot] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        var tagsByRow: [Int64: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT contact_row, tag FROM social_contact_tags WHERE contact_row IN (\(list)) ORDER BY tag")
        {
            tagsByRow[row["contact_row"], default: []].append(row["tag"])
        }
        var byRow: [Int64: SocialContactSnapshot] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT \(selection) FROM social_contacts WHERE id IN (\(list))") {
            let id: Int64 = row[0]
            byRow[id] = try snapshot(row, tags: tagsByRow[id] ?? [])
        }
        return ids.compactMap { byRow[$0] }
    }

    /// Stores a new contact; returns its row id.
    @discardableResult
    static func insert(_ db: Database, _ contact: SocialContactSnapshot) throws -> Int64 {
        var values = columns(of: contact)
        if !contact.tags.isEmpty { values.append(("tag_bits", try tagBits(db, contact).databaseValue)) }
        let names = values.map(\.name).joined(separator: ", ")
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try db.cachedStatement(sql: "INSERT INTO social_contacts (\(names)) VALUES (\(marks))")
            .execute(arguments: StatementArguments(values.map(\.value)))
        let row = db.lastInsertedRowID
        try changeTags(db, row: row, from: [], to: contact.tags)
        try adjustCounts(db, contact.tenant, contact.channel, subscribed: contact.subscribed ? 1 : 0, total: 1)
        return row
    }

    /// Writes the columns that differ between the stored and the new state (the tag bits among them, in the same
    /// statement), and the tag changes.
    static func update(_ db: Database, _ stored: Stored, to contact: SocialContactSnapshot) throws {
        let old = columns(of: stored.contact)
        let new = columns(of: contact)
        var changed = zip(old, new).filter { $0.value != $1.value }.map(\.1)
        if stored.contact.tags != contact.tags { changed.append(("tag_bits", try tagBits(db, contact).databaseValue)) }
        if !changed.isEmpty {
            let assignments = changed.map { "\($0.name) = ?" }.joined(separator: ", ")
            try db.cachedStatement(sql: "UPDATE social_contacts SET \(assignments) WHERE id = ?")
                .execute(arguments: StatementArguments(changed.map(\.value) + [stored.row.databaseValue]))
        }
        try changeTags(db, row: stored.row, from: stored.contact.tags, to: contact.tags)
        if stored.contact.subscribed != contact.subscribed {
            try adjustCounts(db, contact.tenant, contact.channel, subscribed: contact.subscribed ? 1 : -1, total: 0)
        }
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

    private static func tags(_ db: Database, row: Int64) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM social_contact_tags WHERE contact_row = ? ORDER BY tag"),
            arguments: [row])
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

    /// The stored columns of a contact, in table order (tags live in their own table).
    static func columns(of contact: SocialContactSnapshot) -> [(name: String, value: DatabaseValue)] {
        let attributes =
            contact.attributes.isEmpty
            ? "{}" : String(decoding: (try? WireCodec.encode(contact.attributes)) ?? Array("{}".utf8), as: UTF8.self)
        return [
            ("tenant", contact.tenant.databaseValue), ("channel", contact.channel.databaseValue),
            ("channel_user_id", contact.channelUserId.databaseValue), ("contact_id", contact.contactId.databaseValue),
            ("display_name", contact.displayName.databaseValue), ("avatar_url", contact.avatarUrl.databaseValue),
            ("member_id", contact.memberId.databaseValue), ("email", contact.email.databaseValue),
            ("phone", contact.phone.databaseValue), ("subscribed", contact.subscribed.databaseValue),
            ("subscribed_at", contact.subscribedAt.databaseValue), ("social_bound", contact.socialBound.databaseValue),
            ("phone_bound", contact.phoneBound.databaseValue), ("member_bound", contact.memberBound.databaseValue),
            ("recurring_notification", contact.recurringNotification.databaseValue),
            ("last_checkout_at", contact.lastCheckoutAt.databaseValue),
            ("team_last_interaction_at", contact.teamLastInteractionAt.databaseValue),
            ("team_last_marketing_at", contact.teamLastMarketingAt.databaseValue),
            ("customer_last_interaction_at", contact.customerLastInteractionAt.databaseValue),
            ("over_quota", contact.overQuota.databaseValue), ("attributes", attributes.databaseValue),
            ("omo_teammate", contact.omoTeammate.databaseValue), ("omo_store", contact.omoStore.databaseValue),
            ("test_list", contact.testList.databaseValue), ("created_at", contact.createdAt.databaseValue),
            ("updated_at", contact.updatedAt.databaseValue), ("event_id", contact.eventId.databaseValue),
        ]
    }

    /// The stored columns in table order, as `columns(of:)` lists them.
    static let columnNames = [
        "tenant", "channel", "channel_user_id", "contact_id", "display_name", "avatar_url", "member_id", "email",
        "phone", "subscribed", "subscribed_at", "social_bound", "phone_bound", "member_bound", "recurring_notification",
        "last_checkout_at", "team_last_interaction_at", "team_last_marketing_at", "customer_last_interaction_at",
        "over_quota", "attributes", "omo_teammate", "omo_store", "test_list", "created_at", "updated_at", "event_id",
    ]

    /// The row id, then the stored columns: read by position, which is faster than by name on the hot path.
    private static let selection = "id, " + columnNames.joined(separator: ", ")

    private static func snapshot(_ row: Row, tags: [String]) throws -> SocialContactSnapshot {
        let attributes: String = row[21]
        return SocialContactSnapshot(
            tenant: row[1], channel: row[2], channelUserId: row[3], contactId: row[4], displayName: row[5],
            avatarUrl: row[6], memberId: row[7], email: row[8], phone: row[9], subscribed: row[10],
            subscribedAt: row[11], socialBound: row[12], phoneBound: row[13], memberBound: row[14],
            recurringNotification: row[15], lastCheckoutAt: row[16], teamLastInteractionAt: row[17],
            teamLastMarketingAt: row[18], customerLastInteractionAt: row[19], overQuota: row[20], tags: tags,
            attributes: attributes == "{}"
                ? [:] : try WireCodec.decode([String: JSONValue].self, from: Array(attributes.utf8)),
            omoTeammate: row[22], omoStore: row[23], testList: row[24], createdAt: row[25], updatedAt: row[26],
            eventId: row[27])
    }
}
