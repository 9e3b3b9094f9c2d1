import Dispatch
import Foundation
import GRDB
import RosterModel
import Synchronization

/// The resident column store: each tenant's projection as columns (`TenantColumns`), so that a full computation
/// and an estimate evaluate in memory. SQLite stays the durable truth: a tenant's columns are read from it the
/// first time a plan of the tenant needs them (and a column the first time a plan reads it), and the appliers that
/// write the projection record each change here; a change reaches the columns when its transaction commits (on the
/// writer's queue, before the next write) and is dropped if it rolls back. Readers take a snapshot (a copy-on-write
/// value) and evaluate without holding the lock.
///
/// Columns are read without holding the write lock (`load`): from a read snapshot opened on the writer's queue
/// between two transactions, while the changes committed from then on are kept aside and applied to what was read
/// before it joins the resident columns. (Read inside a write transaction, the model case's columns held every
/// writer back for the whole read: 26.6–29.8 s at 1,000,000 contacts and 10,000,000 events.) `prepare` reads inside
/// the caller's write transaction, for a column a transaction needs at once.
public final class ColumnStore: Sendable {
    /// A change to the projection, recorded by the transaction that made it.
    enum Change: Sendable {
        case profile(tenant: String, partition: Int32, ContactFacts)
        case removed(tenant: String, contact: String)
        case event(tenant: String, contact: String, FactEvent)

        var tenant: String {
            switch self {
            case .profile(let tenant, _, _), .removed(let tenant, _), .event(let tenant, _, _): tenant
            }
        }
    }

    private struct State {
        var tenants: [String: TenantColumns] = [:]
        /// Changes of the open write transaction; `nil` when it has recorded none.
        var pending: [Change]?
        /// Per tenant being read by `load`: the changes committed since its snapshot was opened.
        var since: [String: [Change]] = [:]
    }

    private let state = Mutex(State())
    /// Held by `load` for the whole read, so that one tenant's columns are read once at a time.
    private let loading = NSLock()

    /// An empty store: each tenant's columns are read when a plan of the tenant first needs them.
    public init() {}

    /// Records a change of the open write transaction. Tenants neither loaded nor being read are skipped: their
    /// columns will be read from SQLite.
    func record(_ change: Change, in db: Database) {
        let first = state.withLock { state -> Bool in
            guard state.tenants[change.tenant] != nil || state.since[change.tenant] != nil else { return false }
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
                state.tenants[change.tenant]?.apply(change)
                state.since[change.tenant]?.append(change)
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

    /// Loads what `plans` read and is not resident yet, without holding the write lock but for opening a read
    /// snapshot. Call outside any transaction, from a thread that may block.
    public func load(_ database: DatabasePool, tenant: String, plans: [SegmentPlan]) throws {
        loading.lock()
        defer { loading.unlock() }
        guard needsLoad(tenant: tenant, plans: plans) else { return }
        let wanted = Wanted(plans)
        let read = Outcome()
        let done = DispatchSemaphore(value: 0)
        try database.writeWithoutTransaction { _ in
            // Between two transactions, on the writer's queue: the snapshot holds every change committed so far, and
            // `since` gets every later one.
            let base = state.withLock { state in
                state.since[tenant] = []
                return state.tenants[tenant]
            }
            database.asyncConcurrentRead { db in
                read.result.withLock { read in
                    read = Result { try ColumnRead(try db.get(), tenant: tenant, wanted: wanted, base: base) }
                }
                done.signal()
            }
        }
        done.wait()
        let result = read.result.withLock { $0 }!
        state.withLock { state in
            let since = state.since.removeValue(forKey: tenant) ?? []
            if case .success(let read) = result {
                state.tenants[tenant] = read.joined(to: state.tenants[tenant], since: since)
            }
        }
        _ = try result.get()
    }

    /// Loads what `plans` read and is not resident yet, in the caller's write transaction (no change commits
    /// between the read and the install).
    public func prepare(_ db: Database, tenant: String, plans: [SegmentPlan]) throws {
        let loaded = snapshot(tenant: tenant)
        let wanted = Wanted(plans)
        guard loaded == nil || !wanted.missing(in: loaded!).isEmpty else { return }
        let read = try ColumnRead(db, tenant: tenant, wanted: wanted, base: loaded)
        let reloadedEvents = Set(read.events.keys)
        state.withLock { state in
            state.tenants[tenant] = read.joined(to: state.tenants[tenant], since: [])
            // Changes this transaction recorded are already in what was just read.
            state.pending?.removeAll { change in
                guard change.tenant == tenant else { return false }
                if loaded == nil { return true }
                if case .event(_, _, let event) = change { return reloadedEvents.contains(event.name) }
                return false
            }
        }
    }

    /// What a read on a reader's queue gives back.
    private final class Outcome: Sendable {
        let result = Mutex<Result<ColumnRead, any Error>?>(nil)
    }

    /// What a set of plans reads.
    struct Wanted: Sendable {
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
