import GRDB

/// A bit for each of a channel's first 62 tags, kept in `social_contacts.tag_bits` beside the tag table, so that
/// "has tag" is checked inside the time indexes instead of by a probe of the tag table per candidate.
enum TagBits {
    /// How many tags of a channel get a bit.
    static let capacity = 62

    /// The bits of the tags that have one.
    static func bits(_ db: Database, tenant: String, channel: String, tags: [String]) throws -> [String: Int64] {
        var bits: [String: Int64] = [:]
        for tag in Set(tags) {
            if let bit = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT bit FROM social_tag_bits WHERE tenant = ? AND channel = ? AND tag = ?"),
                arguments: [tenant, channel, tag])
            {
                bits[tag] = Int64(1) << bit
            }
        }
        return bits
    }

    /// The mask of a contact's tags, giving a bit to tags that have none while the channel has bits left. A tag gets
    /// its bit when it is first applied, so every contact holding it has the bit set.
    static func mask(_ db: Database, tenant: String, channel: String, tags: [String]) throws -> Int64 {
        var known = try bits(db, tenant: tenant, channel: channel, tags: tags)
        for tag in Set(tags).subtracting(known.keys).sorted() {
            let used =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*) FROM social_tag_bits WHERE tenant = ? AND channel = ?"),
                    arguments: [tenant, channel]) ?? 0
            guard used < capacity else { break }
            try db.cachedStatement(sql: "INSERT INTO social_tag_bits (tenant, channel, tag, bit) VALUES (?, ?, ?, ?)")
                .execute(arguments: [tenant, channel, tag, used])
            known[tag] = Int64(1) << used
        }
        return known.values.reduce(0, |)
    }
}
