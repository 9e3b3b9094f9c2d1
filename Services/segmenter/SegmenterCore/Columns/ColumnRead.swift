import GRDB
import RosterModel

/// Columns read from the projection for `ColumnStore`: a tenant's whole columns when none are resident (`fresh`), or
/// the columns some plans read that are not resident yet (`added`), laid out on the rows of the resident columns the
/// read began from (`base`), so that they can join the resident columns, which may have moved on meanwhile.
struct ColumnRead: Sendable {
    /// A tenant's columns, read whole.
    var fresh: TenantColumns?
    /// Attribute columns on the base's rows (every contact with a profile has one).
    var attributes: [String: ValueColumn] = [:]
    /// Event tables on the base's rows, without the events of contacts the base has no row for (`orphans`).
    var events: [String: EventTable] = [:]
    /// Events of contacts without a row in the base: rows are given when the read joins the resident columns.
    var orphans: [(contact: String, event: FactEvent)] = []

    /// Reads in `db` what `wanted` names and `base` lacks (everything without a base).
    init(_ db: Database, tenant: String, wanted: ColumnStore.Wanted, base: TenantColumns?) throws {
        var columns = base ?? TenantColumns()
        let missing = wanted.missing(in: columns)
        let attributes = missing.attributes.sorted()
        if base == nil || !attributes.isEmpty {
            var added = attributes.map { _ in ValueColumn() }
            try ProjectionScan(attributes: attributes, events: [], properties: []).forEachContact(db, tenant: tenant) {
                facts, partition in
                // Without a base every profile gets a row; with one, every profile has one already.
                let row = base == nil ? columns.row(of: facts.contactId) : columns.rows[facts.contactId].map(Int.init)
                guard let row else { return }
                columns.alive[row] = true
                columns.partitions[row] = partition
                for index in attributes.indices { added[index].set(row, TenantColumns.value(attributes[index], facts)) }
            }
            for (index, key) in attributes.enumerated() {
                added[index].pad(to: columns.count)
                self.attributes[key] = added[index]
            }
        }
        if !missing.events.isEmpty {
            var tables: [String: EventTable] = [:]
            for (name, properties) in missing.events {
                tables[name] = EventTable(properties: properties.union(columns.events[name]?.properties ?? []))
            }
            let properties = tables.values.reduce(into: Set<String>()) { $0.formUnion($1.properties) }
            var orphans: [(contact: String, event: FactEvent)] = []
            try ProjectionScan(attributes: [], events: tables.keys.sorted(), properties: properties.sorted())
                .forEachEvent(db, tenant: tenant) { contact, event in
                    if base == nil {
                        tables[event.name]?.append(row: columns.row(of: contact), event)
                    } else if let row = columns.rows[contact] {
                        tables[event.name]?.append(row: Int(row), event)
                    } else {
                        orphans.append((contact, event))
                    }
                }
            events = tables
            self.orphans = orphans
        }
        if base == nil {
            columns.attributes = self.attributes
            columns.events = events
            fresh = columns
        }
    }

    /// The resident columns `live` joined with what was read, then with the changes committed since the read began
    /// (`since`, in commit order), which `live` holds already in its own columns.
    func joined(to live: TenantColumns?, since: [ColumnStore.Change]) -> TenantColumns {
        guard var live, fresh == nil else {
            var columns = fresh ?? TenantColumns()
            for change in since { columns.apply(change) }
            return columns
        }
        let removed = Set(
            since.compactMap { change -> String? in
                if case .removed(_, let contact) = change { return contact }
                return nil
            })
        for (key, column) in attributes {
            var column = column
            column.pad(to: live.count)
            live.attributes[key] = column
        }
        for (name, table) in events { live.events[name] = table }
        // An orphan's events were deleted with it if it was removed since.
        for (contact, event) in orphans where !removed.contains(contact) {
            let row = live.row(of: contact)
            live.events[event.name]?.append(row: row, event)
        }
        for change in since {
            switch change {
            case .profile(_, _, let facts):
                guard let row = live.rows[facts.contactId].map(Int.init) else { continue }
                for key in attributes.keys { live.attributes[key]?.set(row, TenantColumns.value(key, facts)) }
            case .event(_, let contact, let event) where events[event.name] != nil:
                let row = live.row(of: contact)
                live.events[event.name]?.append(row: row, event)
            case .event, .removed:
                continue
            }
        }
        return live
    }
}
