import GRDB
import RosterModel
import Synchronization

/// The resident column store: each tenant's projection as columns (`TenantColumns`), so that a full computation
/// and an estimate evaluate in memory. SQLite stays the durable truth: a tenant's columns are read from it the
/// first time a plan of the tenant needs them (and a column the first time a plan reads it), always inside a write
/// transaction, and the appliers that write the projection record each change here; a change reaches the columns
/// when its transaction commits (on the writer's queue, before the next write) and is dropped if it rolls back.
/// Readers take a snapshot (a copy-on-write value) and evaluate without holding the lock.
public final class ColumnStore: Sendable {
    /// A change to the projection, recorded by the transaction that made it.
    enum Change: Sendable {
        case profile(tenant: String, ContactFacts)
        case removed(tenant: String, contact: String)
        case event(tenant: String, contact: String, FactEvent)

        var tenant: String {
            switch self {
            case .profile(let tenant, _), .removed(let tenant, _), .event(let tenant, _, _): tenant
            }
        }
    }

    private struct State {
        var tenants: [String: TenantColumns] = [:]
        /// Changes of the open write transaction; `nil` when it has recorded none.
        var pending: [Change]?
    }

    private let state = Mutex(State())

    /// An empty store: each tenant's columns are read when a plan of the tenant first needs them.
    public init() {}

    /// Records a change of the open write transaction. Tenants not loaded yet are skipped: their columns will be
    /// read from SQLite.
    func record(_ change: Change, in db: Database) {
        let first = state.withLock { state -> Bool in
            guard state.tenants[change.tenant] != nil else { return false }
            guard state.pending != nil else {
                state.pending = [change]
                return true
            }
            state.pending?.append(change)
            return false
        }
        guard first else { return }
        db.afterNextTransaction(
            onCommit: { _ in self.commit() },
            onRollback: { _ in self.state.withLock { $0.pending = nil } })
    }

    private func commit() {
        state.withLock { state in
            for change in state.pending ?? [] {
                switch change {
                case .profile(let tenant, let facts): state.tenants[tenant]?.setProfile(facts)
                case .removed(let tenant, let contact): state.tenants[tenant]?.remove(contact: contact)
                case .event(let tenant, let contact, let event):
                    state.tenants[tenant]?.append(event: event, contact: contact)
                }
            }
            state.pending = nil
        }
    }

    /// The tenant's columns as they are now, or `nil` when they are not loaded.
    func snapshot(tenant: String) -> TenantColumns? {
        state.withLock { $0.tenants[tenant] }
    }

    /// Whether evaluating `plans` needs columns that are not loaded yet.
    func needsLoad(tenant: String, plans: [SegmentPlan]) -> Bool {
        guard let columns = snapshot(tenant: tenant) else { return true }
        return !Wanted(plans).missing(in: columns).isEmpty
    }

    /// Loads what `plans` read and is not resident yet. Must run in a write transaction, so that no change
    /// commits between the read and the install.
    public func prepare(_ db: Database, tenant: String, plans: [SegmentPlan]) throws {
        let loaded = snapshot(tenant: tenant)
        var columns = loaded ?? TenantColumns()
        let missing = Wanted(plans).missing(in: columns)
        guard loaded == nil || !missing.isEmpty else { return }
        let attributes = missing.attributes.sorted()
        if loaded == nil || !attributes.isEmpty {
            var added = attributes.map { _ in ValueColumn() }
            try ProjectionScan(attributes: attributes, events: [], properties: []).forEachContact(db, tenant: tenant) {
                facts in
                let row = columns.row(of: facts.contactId)
                columns.alive[row] = true
                for index in attributes.indices { added[index].set(row, TenantColumns.value(attributes[index], facts)) }
            }
            for (index, key) in attributes.enumerated() {
                added[index].pad(to: columns.count)
                columns.attributes[key] = added[index]
            }
        }
        if !missing.events.isEmpty {
            var tables: [String: EventTable] = [:]
            for (name, properties) in missing.events {
                tables[name] = EventTable(properties: properties.union(columns.events[name]?.properties ?? []))
            }
            let properties = tables.values.reduce(into: Set<String>()) { $0.formUnion($1.properties) }
            try ProjectionScan(attributes: [], events: tables.keys.sorted(), properties: properties.sorted())
                .forEachEvent(db, tenant: tenant) { contact, event in
                    tables[event.name]?.append(row: columns.row(of: contact), event)
                }
            columns.events.merge(tables) { _, reloaded in reloaded }
        }
        let reloadedEvents = Set(missing.events.keys)
        state.withLock { state in
            state.tenants[tenant] = columns
            // Changes this transaction recorded are already in what was just read.
            state.pending?.removeAll { change in
                guard change.tenant == tenant else { return false }
                if loaded == nil { return true }
                if case .event(_, _, let event) = change { return reloadedEvents.contains(event.name) }
                return false
            }
        }
    }

    /// What a set of plans reads.
    private struct Wanted {
        var attributes: Set<String> = []
        var events: [String: Set<String>] = [:]

        var isEmpty: Bool { attributes.isEmpty && events.isEmpty }

        init(_ plans: [SegmentPlan]) {
            for plan in plans {
                attributes.formUnion(plan.attributes)
                for event in plan.events { events[event, default: []].formUnion(plan.properties[event] ?? []) }
            }
        }

        /// What is not in `columns`.
        func missing(in columns: TenantColumns) -> Wanted {
            var result = Wanted([])
            result.attributes = attributes.filter { columns.attributes[$0] == nil }
            result.events = events.filter { name, properties in
                guard let table = columns.events[name] else { return true }
                return !properties.isSubset(of: table.properties)
            }
            return result
        }
    }
}
