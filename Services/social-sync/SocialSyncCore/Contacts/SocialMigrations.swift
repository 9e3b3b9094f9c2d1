import GRDB
import RosterRuntime

/// The worker's tables, after the runtime's: named, append-only migrations.
enum SocialMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("channel-contacts-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE channel_contacts (
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        channel_user_id TEXT NOT NULL,
                        subscribed INTEGER NOT NULL,
                        subscribed_at TEXT,
                        customer_last_interaction_at TEXT,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, channel, channel_user_id)
                    ) WITHOUT ROWID;
                    """)
        }
        MetadataCatalog.registerMigrations(&migrator)
        migrator.registerMigration("social-contacts-v2") { db in
            // One row per channel user with every searched field a column; integer row ids keep the secondary
            // indexes and the tag table small; columns mostly empty get partial indexes;
            // the time indexes carry `subscribed` and `tag_bits` (a bit for each of a channel's first 62 tags, beside the
            // tag table) so that a search by time, subscription and tag is answered inside one index: measured 10x
            // faster at 1M contacts than probing the tag table per candidate. Rows of v1 are carried over.
            try db.execute(
                sql: """
                    CREATE TABLE social_contacts (
                        id INTEGER PRIMARY KEY,
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        channel_user_id TEXT NOT NULL,
                        contact_id TEXT,
                        display_name TEXT,
                        avatar_url TEXT,
                        member_id TEXT,
                        email TEXT,
                        phone TEXT,
                        subscribed INTEGER NOT NULL,
                        subscribed_at TEXT,
                        social_bound INTEGER NOT NULL DEFAULT 0,
                        phone_bound INTEGER NOT NULL DEFAULT 0,
                        member_bound INTEGER NOT NULL DEFAULT 0,
                        recurring_notification INTEGER,
                        last_checkout_at TEXT,
                        team_last_interaction_at TEXT,
                        team_last_marketing_at TEXT,
                        customer_last_interaction_at TEXT,
                        over_quota INTEGER NOT NULL DEFAULT 0,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        omo_teammate TEXT,
                        omo_store TEXT,
                        test_list INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        tag_bits INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (tenant, channel, channel_user_id)
                    );
                    CREATE INDEX social_contacts_by_name ON social_contacts (tenant, channel, display_name);
                    CREATE INDEX social_contacts_by_subscribed_at ON social_contacts (tenant, channel, subscribed_at, subscribed, tag_bits);
                    CREATE INDEX social_contacts_by_customer_interaction
                        ON social_contacts (tenant, channel, customer_last_interaction_at, subscribed, tag_bits);
                    CREATE INDEX social_contacts_by_team_interaction
                        ON social_contacts (tenant, channel, team_last_interaction_at, subscribed, tag_bits);
                    CREATE INDEX social_contacts_by_team_marketing
                        ON social_contacts (tenant, channel, team_last_marketing_at, subscribed, tag_bits);
                    CREATE INDEX social_contacts_by_checkout ON social_contacts (tenant, channel, last_checkout_at, subscribed, tag_bits);
                    CREATE INDEX social_contacts_by_teammate ON social_contacts (tenant, channel, omo_teammate)
                        WHERE omo_teammate IS NOT NULL;
                    CREATE INDEX social_contacts_by_store ON social_contacts (tenant, channel, omo_store)
                        WHERE omo_store IS NOT NULL;
                    CREATE INDEX social_contacts_by_email ON social_contacts (tenant, email) WHERE email IS NOT NULL;
                    CREATE INDEX social_contacts_by_phone ON social_contacts (tenant, phone) WHERE phone IS NOT NULL;
                    CREATE INDEX social_contacts_by_contact ON social_contacts (tenant, contact_id);
                    CREATE INDEX social_contacts_on_test_list ON social_contacts (tenant, channel) WHERE test_list = 1;
                    CREATE TABLE social_contact_tags (
                        contact_row INTEGER NOT NULL,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (contact_row, tag)
                    ) WITHOUT ROWID;
                    CREATE INDEX social_contact_tags_by_tag ON social_contact_tags (tag, contact_row);
                    CREATE TABLE social_tag_bits (
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        tag TEXT NOT NULL,
                        bit INTEGER NOT NULL,
                        PRIMARY KEY (tenant, channel, tag)
                    ) WITHOUT ROWID;
                    CREATE TABLE social_tag_applications (
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        tag TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    );
                    CREATE INDEX social_tag_applications_by_time
                        ON social_tag_applications (tenant, channel, applied_at);
                    CREATE TABLE social_counts (
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        subscribed INTEGER NOT NULL,
                        total INTEGER NOT NULL,
                        PRIMARY KEY (tenant, channel)
                    ) WITHOUT ROWID;
                    CREATE TABLE social_teammates (
                        tenant TEXT NOT NULL,
                        teammate_id TEXT NOT NULL,
                        name TEXT,
                        role TEXT NOT NULL,
                        store_code TEXT NOT NULL,
                        PRIMARY KEY (tenant, teammate_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE social_stores (
                        tenant TEXT NOT NULL,
                        store_code TEXT NOT NULL,
                        name TEXT,
                        PRIMARY KEY (tenant, store_code)
                    ) WITHOUT ROWID;
                    CREATE TABLE social_import_jobs (
                        job_id TEXT PRIMARY KEY NOT NULL,
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        file_name TEXT NOT NULL,
                        overwrite_tags INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        rows_done INTEGER NOT NULL DEFAULT 0,
                        warnings TEXT NOT NULL DEFAULT '[]',
                        error TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX social_import_jobs_by_tenant ON social_import_jobs (tenant, created_at);
                    INSERT INTO social_contacts (tenant, channel, channel_user_id, subscribed, subscribed_at,
                        customer_last_interaction_at, attributes, created_at, updated_at, event_id)
                    SELECT tenant, channel, channel_user_id, subscribed, subscribed_at, customer_last_interaction_at,
                        attributes, updated_at, updated_at, 'migrated' FROM channel_contacts;
                    INSERT INTO social_counts (tenant, channel, subscribed, total)
                    SELECT tenant, channel, SUM(subscribed), COUNT(*) FROM channel_contacts GROUP BY tenant, channel;
                    DROP TABLE channel_contacts;
                    """)
        }
        migrator.registerMigration("social-contacts-v3-time-indexes") { db in
            // The time indexes hold only contacts that have the time (a search by time range never matches one
            // without), and order by row id before `subscribed` and `tag_bits`, so that a subscription or tag change
            // rewrites each entry in place instead of moving it across the index. Every (un)subscribe or tag event
            // used to move five entries, most of them within the time-less part of the index, dirtying ten random
            // pages of WAL; the searches read the same entries through the same indexes.
            try db.execute(
                sql: """
                    DROP INDEX social_contacts_by_subscribed_at;
                    CREATE INDEX social_contacts_by_subscribed_at
                        ON social_contacts (tenant, channel, subscribed_at, id, subscribed, tag_bits)
                        WHERE subscribed_at IS NOT NULL;
                    DROP INDEX social_contacts_by_customer_interaction;
                    CREATE INDEX social_contacts_by_customer_interaction
                        ON social_contacts (tenant, channel, customer_last_interaction_at, id, subscribed, tag_bits)
                        WHERE customer_last_interaction_at IS NOT NULL;
                    DROP INDEX social_contacts_by_team_interaction;
                    CREATE INDEX social_contacts_by_team_interaction
                        ON social_contacts (tenant, channel, team_last_interaction_at, id, subscribed, tag_bits)
                        WHERE team_last_interaction_at IS NOT NULL;
                    DROP INDEX social_contacts_by_team_marketing;
                    CREATE INDEX social_contacts_by_team_marketing
                        ON social_contacts (tenant, channel, team_last_marketing_at, id, subscribed, tag_bits)
                        WHERE team_last_marketing_at IS NOT NULL;
                    DROP INDEX social_contacts_by_checkout;
                    CREATE INDEX social_contacts_by_checkout
                        ON social_contacts (tenant, channel, last_checkout_at, id, subscribed, tag_bits)
                        WHERE last_checkout_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("social-contacts-v4-tags-column") { db in
            // The contact's tags also live on its row, as a JSON array, so that reading a contact (once per social
            // event) is one row rather than a row and a probe of the tag table gathered by `json_group_array`; the tag
            // table stays the index that searches by tag use. Rows carried over get the tags the table holds.
            try db.execute(
                sql: """
                    ALTER TABLE social_contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
                    UPDATE social_contacts
                    SET tags = (SELECT json_group_array(tag) FROM social_contact_tags t WHERE t.contact_row = social_contacts.id)
                    WHERE id IN (SELECT contact_row FROM social_contact_tags);
                    """)
        }
        migrator.registerMigration("social-contacts-v5-member-id-index") { db in
            // Searching by member id (the e-mail and phone have their indexes already).
            try db.execute(
                sql: """
                    CREATE INDEX social_contacts_by_member_id ON social_contacts (tenant, member_id)
                        WHERE member_id IS NOT NULL;
                    """)
        }
    }
}
