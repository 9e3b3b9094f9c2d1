import Foundation
import GRDB
import RosterModel

/// A trigram full-text index over every text value of a contact (attributes and identifiers), so that a
/// "contains" search over a million contacts reads the index instead of every row.
enum ContactSearchIndex {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity-v4-search-index") { db in
            try db.execute(
                sql: """
                    CREATE TABLE contact_search_rows (
                        rowid INTEGER PRIMARY KEY,
                        tenant TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        field TEXT NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE INDEX contact_search_rows_by_contact ON contact_search_rows (tenant, contact_id);
                    CREATE VIRTUAL TABLE contact_search USING fts5(
                        value, content = 'contact_search_rows', content_rowid = 'rowid', tokenize = 'trigram'
                    );
                    CREATE TRIGGER contact_search_rows_inserted AFTER INSERT ON contact_search_rows BEGIN
                        INSERT INTO contact_search (rowid, value) VALUES (new.rowid, new.value);
                    END;
                    CREATE TRIGGER contact_search_rows_deleted AFTER DELETE ON contact_search_rows BEGIN
                        INSERT INTO contact_search (contact_search, rowid, value) VALUES ('delete', old.rowid, old.value);
                    END;
                    INSERT INTO contact_search_rows (tenant, contact_id, field, value)
                        SELECT tenant, contact_id, kind, value FROM contact_identifiers;
                    INSERT INTO contact_search_rows (tenant, contact_id, field, value)
                        SELECT c.tenant, c.contact_id, a.key, a.value FROM contacts c, json_each(c.attributes) a
                        WHERE a.type = 'text';
                    """)
        }
    }

    /// Replaces the contact's indexed values with its current identifiers and text attributes.
    static func reindex(_ db: Database, _ contact: ContactRecord) throws {
        try remove(db, tenant: contact.tenant, contactID: contact.contactId)
        let insert = try db.cachedStatement(
            sql: "INSERT INTO contact_search_rows (tenant, contact_id, field, value) VALUES (?, ?, ?, ?)")
        var values: [(String, String)] = contact.identifiers.flatMap { kind, values in values.map { (kind, $0) } }
        for (key, value) in contact.attributes where !contact.identifiers.keys.contains(key) {
            if case .string(let text) = value { values.append((key, text)) }
        }
        for (field, value) in values {
            try insert.execute(arguments: [contact.tenant, contact.contactId, field, value])
        }
    }

    static func remove(_ db: Database, tenant: String, contactID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM contact_search_rows WHERE tenant = ? AND contact_id = ?")
            .execute(arguments: [tenant, contactID])
    }

    /// The condition on `contacts` for "field contains text" (three characters or more), and its arguments.
    /// The full-text match runs first, as its own subquery, and `+tenant` keeps SQLite from scanning the tenant's rows
    /// by index instead of looking the matches up by rowid.
    static func containsCondition(
        tenant: String, field: String, text: String
    ) -> (String, [(any DatabaseValueConvertible)?]) {
        (
            """
            contact_id IN (SELECT contact_id FROM contact_search_rows
                WHERE rowid IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?) AND field = ? AND +tenant = ?)
            """,
            ["\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"", field, tenant]
        )
    }
}
