import Foundation
import GRDB
import RosterModel
import RosterRuntime

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

    /// Brings the contact's indexed values in step with its current identifiers and text attributes, and returns them,
    /// touching only the values that changed: most events change no text (points, timestamps), and each full-text row
    /// written or deleted costs index pages in the batch's transaction. Rows to add go into `added` (an `insertion()`
    /// the batch runs once at its end) rather than one statement each: FTS5 flushes its pending terms as a new segment
    /// at every statement after the first that wrote them, so a row per statement made a segment per row.
    ///
    /// `indexed` is what the index holds for the contact when the caller knows it (the values of the contact as it was
    /// read); when nothing changed, or values were only added, the index is not read at all.
    static func reindex(
        _ db: Database, _ contact: ContactRecord, indexed current: Set<IndexedValue>?, into added: inout MultiRowInsert
    ) throws -> Set<IndexedValue> {
        let target = values(of: contact)
        if target == current { return target }
        var wanted = target
        if let current, current.isSubset(of: target) {
            // Only values to add (a new contact, a new identifier): the index need not be read.
            wanted.subtract(current)
        } else {
            let existing = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT rowid, field, value FROM contact_search_rows WHERE tenant = ? AND contact_id = ?"),
                arguments: [contact.tenant, contact.contactId])
            let deleteRow = try db.cachedStatement(sql: "DELETE FROM contact_search_rows WHERE rowid = ?")
            for row in existing where wanted.remove(IndexedValue(field: row["field"], value: row["value"])) == nil {
                try deleteRow.execute(arguments: [row["rowid"] as Int64])
            }
        }
        for indexed in wanted {
            added.append([contact.tenant, contact.contactId, indexed.field, indexed.value])
        }
        return target
    }

    /// The multi-row insert of search rows that `reindex` fills.
    static func insertion() -> MultiRowInsert {
        MultiRowInsert("INSERT INTO contact_search_rows (tenant, contact_id, field, value)", columns: 4)
    }

    /// The values the index holds for a contact: its identifiers and its text attributes.
    static func values(of contact: ContactRecord) -> Set<IndexedValue> {
        var values: Set<IndexedValue> = []
        for (kind, identifiers) in contact.identifiers {
            for value in identifiers { values.insert(IndexedValue(field: kind, value: value)) }
        }
        for (key, value) in contact.attributes where contact.identifiers[key] == nil {
            if case .string(let text) = value { values.insert(IndexedValue(field: key, value: text)) }
        }
        return values
    }

    /// One searchable value of a contact and the field it came from.
    struct IndexedValue: Hashable, Sendable {
        var field: String
        var value: String
    }

    /// Moves a merged-away contact's entries to the survivor. Its values stay indexed as they are (the full-text index
    /// holds only values, by row; no trigger runs on an update). Removing them and indexing the survivor's new
    /// identifiers again cost, for a merge in the resolver benchmark, three full-text deletes and two inserts; now it
    /// costs three row updates and the one delete of the name the survivor did not keep (the survivor's next `reindex`
    /// drops what it does not keep). In the benchmark's profile (200,000 contacts) the removal was 4.3% of the samples,
    /// the move is 1.3%.
    static func move(_ db: Database, tenant: String, from merged: String, to survivor: String) throws {
        try db.cachedStatement(
            sql: "UPDATE contact_search_rows SET contact_id = ? WHERE tenant = ? AND contact_id = ?"
        ).execute(arguments: [survivor, tenant, merged])
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
