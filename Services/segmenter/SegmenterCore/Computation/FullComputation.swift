import Foundation
import GRDB
import RosterModel

/// The full computation: computes a segment over every contact this instance holds, in memory over the tenant's
/// columns (`ColumnStore`, loaded from the projection when first needed), and records the difference with the
/// stored membership: contacts that now qualify enter, members that no longer do (or are gone) exit.
public struct FullComputation {
    let ledger: MembershipLedger
    let columns: ColumnStore

    init(ledger: MembershipLedger, columns: ColumnStore) {
        self.ledger = ledger
        self.columns = columns
    }

    /// A computation that records into `db`'s memberships of `tenant` and queues messages for `topicPrefix`.
    public init(db: Database, tenant: String, topicPrefix: String, now: Date, columns: ColumnStore) {
        self.init(
            ledger: MembershipLedger(db: db, tenant: tenant, topicPrefix: topicPrefix, now: now), columns: columns)
    }

    /// Evaluates `segment` for every held contact of the ledger's tenant; returns the member count. Runs in a
    /// write transaction (it may load columns).
    @discardableResult
    public func run(_ segment: CompiledSegment) throws -> Int {
        try columns.prepare(ledger.db, tenant: ledger.tenant, plans: [segment.plan])
        guard let tenant = columns.snapshot(tenant: ledger.tenant) else { return 0 }
        let held = try Self.evaluate(segment.plan, over: tenant, ledger: ledger)
        var previous = try ledger.members(segment: segment.id)
        var entering: [String] = []
        var members = 0
        for row in held.indices where held[row] {
            members += 1
            let contact = tenant.ids[row]
            if previous.remove(contact) == nil { entering.append(contact) }
        }
        let changes = entering.map { (contact: $0, member: true) } + previous.map { (contact: $0, member: false) }
        try ledger.decide(
            segment: segment.id, changes: changes.sorted { $0.contact < $1.contact }, version: segment.version)
        return members
    }

    /// How many held contacts satisfy `plan`, without recording anything (the estimate). `db` may be a read-only
    /// access; the columns the plan reads must be loaded (`ColumnStore.needsLoad`).
    public static func count(
        _ db: Database, tenant: String, plan: SegmentPlan, now: Date, columns: ColumnStore
    ) throws -> Int {
        guard let snapshot = columns.snapshot(tenant: tenant) else { return 0 }
        let ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: "", now: now)
        return try evaluate(plan, over: snapshot, ledger: ledger).reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    private static func evaluate(_ plan: SegmentPlan, over columns: TenantColumns, ledger: MembershipLedger) throws
        -> [Bool]
    {
        var memberships: [String: Set<String>] = [:]
        for id in plan.segments { memberships[id] = try ledger.members(segment: id) }
        return ColumnEvaluator(columns: columns, now: ledger.now.timeIntervalSince1970, memberships: memberships)
            .members(plan)
    }
}
