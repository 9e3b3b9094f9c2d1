import GRDB
import RosterModel
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Tags kept on the contact's row")
struct TagsColumnTests {
    @Test func contactsStoredBeforeTheTagsColumnKeepTheirTags() throws {
        // Given a database at the migration before the tags column, with a tagged and an untagged contact
        let directory = try TemporaryDirectory()
        let database = try DatabaseQueue(path: directory.path + "/social.sqlite")
        var migrator = DatabaseMigrator()
        SocialMigrations.register(&migrator)
        try migrator.migrate(database, upTo: "social-contacts-v3-time-indexes")
        try database.write { db in
            for (row, user) in [(1, "U1"), (2, "U2")] {
                try db.execute(
                    sql: """
                        INSERT INTO social_contacts (id, tenant, channel, channel_user_id, subscribed, created_at,
                            updated_at, event_id) VALUES (?, 'dev', 'line', ?, 1, '2026-11-20T08:00:00.000Z',
                            '2026-11-20T08:00:00.000Z', 'e')
                        """, arguments: [row, user])
            }
            try db.execute(sql: "INSERT INTO social_contact_tags (contact_row, tag) VALUES (1, 'vip'), (1, 'new')")
        }

        // When the rest of the migrations run
        try migrator.migrate(database)

        // Then the tagged contact reads its two tags from its row, in tag order, and the other none
        let (u1, u2) = try database.read { db in
            (
                try ContactRows.fetch(db, tenant: "dev", channel: "line", userID: "U1")?.contact.tags,
                try ContactRows.fetch(db, tenant: "dev", channel: "line", userID: "U2")?.contact.tags
            )
        }
        #expect(u1 == ["new", "vip"])
        #expect(u2 == [])
    }

    @Test func aTagChangeRewritesTheRowsTagsAndTheTagTableAlike() throws {
        // Given a stored contact tagged vip
        let directory = try TemporaryDirectory()
        let database = try DatabaseQueue(path: directory.path + "/social.sqlite")
        var migrator = DatabaseMigrator()
        SocialMigrations.register(&migrator)
        try migrator.migrate(database)
        var contact = SocialContactSnapshot(
            tenant: "dev", channel: "line", channelUserId: "U1", tags: ["vip"], createdAt: "2026-11-20T08:00:00.000Z",
            updatedAt: "2026-11-20T08:00:00.000Z", eventId: "e1")
        try database.write { db in try ContactRows.insert(db, contact) }

        // When its tags become new and gold
        contact.tags = ["gold", "new"]
        contact.eventId = "e2"
        let changed = try database.write { db in
            try ContactRows.update(
                db, try #require(try ContactRows.fetch(db, tenant: "dev", channel: "line", userID: "U1")), to: contact)
        }

        // Then the row reads back exactly the new state, and the tag table holds the same two tags
        let stored = try database.read { db in
            (
                try ContactRows.fetch(db, tenant: "dev", channel: "line", userID: "U1")?.contact,
                try String.fetchAll(db, sql: "SELECT tag FROM social_contact_tags ORDER BY tag")
            )
        }
        #expect(changed)
        #expect(stored.0 == contact)
        #expect(stored.1 == ["gold", "new"])
    }
}
