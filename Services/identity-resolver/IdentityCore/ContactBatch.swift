import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The contacts one batch of events touches: read at the batch's start in a few set-wise queries (the holders of every
/// identifier the batch's events carry, those contacts, and their identifiers), changed in memory event by event, and
/// written once each at the batch's end, with one profile snapshot, the latest.
///
/// It replaced, per event, a lookup per identifier, two reads per contact (its row, its identifiers), a write of the
/// contact and its snapshot: in the resolver benchmark each of those statements cost its own preparation of arguments
/// and rows, and a contact hit by several events of a batch was read and written each time.
///
/// Merges and deletes change the store as they happen (they move or remove what is stored already); what the batch
/// added and has not written yet (identifiers, timeline entries) moves or goes with its contact in memory.
final class ContactBatch {
    let context: ApplyContext
    /// Who holds each identifier the batch's events carry, as the batch has left it; absent means nobody.
    private var owners: [IdentifierKey: String] = [:]
    /// Contacts as read, until the batch changes them.
    private var stored: [ContactKey: ContactRecord] = [:]
    /// Contacts the batch changed, as it left them; merged-away and deleted contacts are in neither map.
    private var changed: [ContactKey: Changed] = [:]
    /// Changed contacts in the order the batch first changed them, the order they are written in.
    private var order: [ContactKey] = []

    struct IdentifierKey: Hashable {
        var tenant: String
        var kind: String
        var value: String
    }

    struct ContactKey: Hashable {
        var tenant: String
        var id: String
    }

    /// A contact the batch changed, and what the batch added to it that is not written yet.
    private struct Changed {
        var record: ContactRecord
        /// The primary keys of the tenant's catalog when the contact was last changed (they decide its category).
        var primaryKeys: Set<String>
        var newIdentifiers: [(kind: String, value: String)]
        var entries: [Timeline.Entry]
    }

    private init(context: ApplyContext) {
        self.context = context
    }

    private var db: Database { context.db }

    /// Reads what the events need: who holds their identifiers, those contacts, and all their identifiers.
    static func load(for events: [PreparedEvent], context: ApplyContext) throws -> ContactBatch {
        let batch = ContactBatch(context: context)
        var values: [TenantKind: [String]] = [:]
        for prepared in events {
            for (kind, value) in prepared.identifiers {
                values[TenantKind(tenant: prepared.event.tenant, kind: kind), default: []].append(value)
            }
        }
        var holders: [String: Set<String>] = [:]
        for (key, list) in values {
            let rows = try Row.fetchCursor(
                context.db.cachedStatement(
                    sql: """
                        SELECT i.value, i.contact_id FROM json_each(?) j
                        CROSS JOIN contact_identifiers i ON i.tenant = ? AND i.kind = ? AND i.value = j.value
                        """),
                arguments: [jsonArray(list), key.tenant, key.kind])
            while let row = try rows.next() {
                let id: String = row[1]
                batch.owners[IdentifierKey(tenant: key.tenant, kind: key.kind, value: row[0])] = id
                holders[key.tenant, default: []].insert(id)
            }
        }
        for (tenant, ids) in holders {
            for record in try ContactRecord.fetchAll(context.db, tenant: tenant, ids: Array(ids)) {
                batch.stored[ContactKey(tenant: tenant, id: record.contactId)] = record
            }
        }
        return batch
    }

    private struct TenantKind: Hashable {
        var tenant: String
        var kind: String
    }

    /// A JSON array of strings, the one argument of a `json_each` lookup. (Lookups join `json_each` with
    /// `CROSS JOIN`, which keeps it the outer loop: SQLite's planner otherwise scans the tenant's rows.)
    static func jsonArray(_ values: [String]) -> String {
        var writer = JSONWriter(capacity: values.count * 24)
        writer.array { writer in
            for value in values { writer.string(value) }
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The contact holding an identifier, as the batch has left it.
    func owner(tenant: String, kind: String, value: String) -> String? {
        owners[IdentifierKey(tenant: tenant, kind: kind, value: value)]
    }

    /// A contact as the batch has left it.
    func contact(tenant: String, id: String) -> ContactRecord? {
        let key = ContactKey(tenant: tenant, id: id)
        return changed[key]?.record ?? stored[key]
    }

    /// Keeps a contact as an event left it, with the identifiers it gained and the timeline entries it made (or took
    /// over from a contact merged into it).
    func update(
        _ record: ContactRecord, primaryKeys: Set<String>, gained: [(kind: String, value: String)],
        entries: [Timeline.Entry]
    ) {
        let key = ContactKey(tenant: record.tenant, id: record.contactId)
        for (kind, value) in gained {
            owners[IdentifierKey(tenant: record.tenant, kind: kind, value: value)] = record.contactId
        }
        if changed[key] != nil {
            changed[key]!.record = record
            changed[key]!.primaryKeys = primaryKeys
            changed[key]!.newIdentifiers += gained
            changed[key]!.entries += entries
        } else {
            stored[key] = nil
            changed[key] = Changed(record: record, primaryKeys: primaryKeys, newIdentifiers: gained, entries: entries)
            order.append(key)
        }
    }

    /// Folds `merged` into the survivor: in the store, its identifiers, timeline, merge records and search entries move
    /// to the survivor and its row goes; returns what the batch added to it and has not written (identifiers and
    /// timeline entries), which the survivor takes over.
    func fold(
        _ merged: ContactRecord, into survivorID: String
    ) throws -> (identifiers: [(kind: String, value: String)], entries: [Timeline.Entry]) {
        let tenant = merged.tenant
        try db.cachedStatement(sql: "UPDATE contact_identifiers SET contact_id = ? WHERE tenant = ? AND contact_id = ?")
            .execute(arguments: [survivorID, tenant, merged.contactId])
        try Timeline.move(db, tenant: tenant, from: merged.contactId, to: survivorID)
        try db.cachedStatement(sql: "UPDATE contact_merges SET survivor_id = ? WHERE tenant = ? AND survivor_id = ?")
            .execute(arguments: [survivorID, tenant, merged.contactId])
        try db.cachedStatement(sql: "DELETE FROM contacts WHERE tenant = ? AND contact_id = ?")
            .execute(arguments: [tenant, merged.contactId])
        try ContactSearchIndex.move(db, tenant: tenant, from: merged.contactId, to: survivorID)
        for (kind, values) in merged.identifiers {
            for value in values { owners[IdentifierKey(tenant: tenant, kind: kind, value: value)] = survivorID }
        }
        let key = ContactKey(tenant: tenant, id: merged.contactId)
        stored[key] = nil
        guard let pending = changed.removeValue(forKey: key) else { return ([], []) }
        return (pending.newIdentifiers, pending.entries)
    }

    /// Takes an identifier off the contact holding it, stored or added by the batch; returns that contact without it
    /// (for the caller to keep with `update` or remove with `erase`), or nil when nobody holds it.
    func unlink(tenant: String, kind: String, value: String) throws -> ContactRecord? {
        let identifier = IdentifierKey(tenant: tenant, kind: kind, value: value)
        guard let id = owners[identifier], var record = contact(tenant: tenant, id: id) else { return nil }
        try db.cachedStatement(sql: "DELETE FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value = ?")
            .execute(arguments: [tenant, kind, value])
        owners[identifier] = nil
        record.identifiers[kind]?.removeAll { $0 == value }
        if record.identifiers[kind]?.isEmpty == true { record.identifiers[kind] = nil }
        changed[ContactKey(tenant: tenant, id: id)]?.newIdentifiers.removeAll { $0 == (kind, value) }
        return record
    }

    /// Removes a contact, its identifiers, its timeline and its merge records, stored or added by the batch.
    func erase(tenant: String, id: String) throws {
        let key = ContactKey(tenant: tenant, id: id)
        try ContactRecord.erase(db, tenant: tenant, id: id)
        for (kind, values) in contact(tenant: tenant, id: id)?.identifiers ?? [:] {
            for value in values { owners[IdentifierKey(tenant: tenant, kind: kind, value: value)] = nil }
        }
        stored[key] = nil
        changed[key] = nil
    }

    /// Writes each contact the batch changed, in the order first changed: its row and search entries, its new
    /// identifiers, timeline entries and search rows (those three in multi-row statements), and its one snapshot on
    /// `cdp.profiles`.
    func write() throws {
        var identifiers = MultiRowInsert(
            "INSERT INTO contact_identifiers (tenant, kind, value, contact_id)", columns: 4)
        var timeline = Timeline.insertion()
        var searchRows = ContactSearchIndex.insertion()
        for key in order {
            guard var contact = changed.removeValue(forKey: key) else { continue }
            for (kind, value) in contact.newIdentifiers {
                identifiers.append([key.tenant, kind, value, key.id])
            }
            try contact.record.save(db, primaryKeys: contact.primaryKeys, searchRows: &searchRows)
            for entry in contact.entries {
                try Timeline.append(entry, tenant: key.tenant, contactID: key.id, to: &timeline)
            }
            try context.publish(Topics.profiles, key: "\(key.tenant)/\(key.id)", value: contact.record.snapshot)
        }
        try identifiers.execute(db)
        try timeline.execute(db)
        try searchRows.execute(db)
    }
}
