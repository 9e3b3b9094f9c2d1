import Foundation
import GRDB
import RosterModel

/// The full computation: computes a segment over every contact this instance holds, in memory over the tenant's
/// columns (`ColumnStore`, loaded from the projection when first needed), and records the difference with the
/// stored membership: contacts that now qualify enter, members that no longer do (or are gone) exit.
///
/// It is recorded chunk by chunk (`Pass`): the segment computer (`SegmentComputer`) records each chunk in a write
/// transaction of its own, so that the consumers' batches go between chunks; the relative-time tick records a whole
/// pass in one.
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

    /// Evaluates `segment` for every held contact of the ledger's tenant in the ledger's transaction, in one chunk;
    /// returns the member count. Runs in a write transaction (it may load columns).
    @discardableResult
    public func run(_ segment: CompiledSegment) throws -> Int {
        var pass = try Pass(segment, ledger: ledger, columns: columns, chunk: .max)
        while !pass.isDone { try pass.record(ledger: ledger, columns: columns) }
        return pass.members
    }

    /// How many held contacts satisfy `plan`, without recording anything (the estimate). `db` may be a read-only
    /// access; the columns the plan reads must be loaded (`ColumnStore.needsLoad`).
    public static func count(
        _ db: Database, tenant: String, plan: SegmentPlan, now: Date, columns: ColumnStore
    ) throws -> Int {
        guard let snapshot = columns.snapshot(tenant: tenant) else { return 0 }
        let ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: "", now: now)
        return try evaluate(plan, over: snapshot, rows: 0..<snapshot.count, ledger: ledger).reduce(0) {
            $0 + ($1 ? 1 : 0)
        }
    }

    private static func evaluate(
        _ plan: SegmentPlan, over columns: TenantColumns, rows: Range<Int>, ledger: MembershipLedger
    ) throws -> [Bool] {
        var memberships: [String: Set<String>] = [:]
        for id in plan.segments { memberships[id] = try ledger.members(segment: id) }
        return ColumnEvaluator(columns: columns, now: ledger.now.timeIntervalSince1970, memberships: memberships)
            .members(plan, rows: rows)
    }

    /// One full computation of a segment, recorded chunk by chunk, each chunk in a write transaction (the same one
    /// or one each).
    ///
    /// The chunks cover the rows the tenant's columns had when the pass began; each is evaluated over the columns as
    /// they are when it is recorded, so it agrees with the incremental path, which evaluates every changed contact
    /// against the same plan meanwhile (a contact that gets a row later gets it from a profile, which the incremental
    /// path evaluates). Only decisions that differ from the stored membership are recorded, so a chunk recorded twice
    /// (a pass begun again after a crash) publishes nothing twice.
    public struct Pass {
        public let tenant: String
        public let segment: CompiledSegment
        /// Contacts (rows) to evaluate.
        public let total: Int
        /// Contacts evaluated so far.
        public private(set) var evaluated = 0
        /// Contacts found to be members so far.
        public private(set) var members = 0
        /// The same by the `cdp.profiles` partition of each contact (with each partition's contacts), a slot per
        /// partition: slot 0 for contacts whose partition is not known, slot p + 1 for partition p.
        private var slots: [SegmentStatusReport.Counts] = []
        let chunk: Int
        private let chunks: Int
        private var recorded = 0
        /// The members when the pass began.
        private let previous: Set<String>
        /// Those members by the chunk of their row (a member without a row goes with the last chunk): the ones the
        /// chunk does not hold exit.
        private var exits: [Int: [String]] = [:]

        /// Begins a pass over `tenant`'s contacts in a write transaction (it may load columns), `chunk` contacts a
        /// chunk; its chunks queue their messages for `topicPrefix`.
        public init(
            db: Database, tenant: String, topicPrefix: String, now: Date, segment: CompiledSegment,
            columns: ColumnStore, chunk: Int
        ) throws {
            try self.init(
                segment, ledger: MembershipLedger(db: db, tenant: tenant, topicPrefix: topicPrefix, now: now),
                columns: columns, chunk: chunk)
        }

        init(_ segment: CompiledSegment, ledger: MembershipLedger, columns: ColumnStore, chunk: Int) throws {
            precondition(chunk > 0, "a chunk holds at least one contact")
            try columns.prepare(ledger.db, tenant: ledger.tenant, plans: [segment.plan])
            let tenant = columns.snapshot(tenant: ledger.tenant) ?? TenantColumns()
            self.tenant = ledger.tenant
            self.segment = segment
            self.chunk = chunk
            total = tenant.count
            chunks = max(1, total / chunk + (total % chunk == 0 ? 0 : 1))
            previous = try ledger.members(segment: segment.id)
            slots = Array(repeating: SegmentStatusReport.Counts(), count: Int(tenant.partitions.max() ?? -1) + 2)
            for row in 0..<total where tenant.alive[row] { slots[Int(tenant.partitions[row]) + 1].contacts += 1 }
            for contact in previous {
                let row = tenant.rows[contact].map(Int.init) ?? total
                exits[min(row / chunk, chunks - 1), default: []].append(contact)
            }
        }

        /// The counts of the partitions that have contacts here (-1: not known).
        var partitions: [Int32: SegmentStatusReport.Counts] {
            Dictionary(
                uniqueKeysWithValues: slots.indices.filter { slots[$0] != SegmentStatusReport.Counts() }.map {
                    (Int32($0 - 1), slots[$0])
                })
        }

        /// Whether every chunk is recorded.
        public var isDone: Bool { recorded == chunks }

        /// Evaluates the next chunk at `now` and records it in `db`'s write transaction, queuing its messages for
        /// `topicPrefix`.
        public mutating func record(db: Database, topicPrefix: String, now: Date, columns: ColumnStore) throws {
            try record(
                ledger: MembershipLedger(db: db, tenant: tenant, topicPrefix: topicPrefix, now: now), columns: columns)
        }

        mutating func record(ledger: MembershipLedger, columns: ColumnStore) throws {
            try columns.prepare(ledger.db, tenant: ledger.tenant, plans: [segment.plan])
            guard let tenant = columns.snapshot(tenant: ledger.tenant) else {
                recorded = chunks
                return
            }
            let rows = evaluated..<(evaluated + min(chunk, total - evaluated))
            let held = try FullComputation.evaluate(segment.plan, over: tenant, rows: rows, ledger: ledger)
            var changes: [(contact: String, member: Bool)] = []
            for row in rows.clamped(to: 0..<tenant.count) where tenant.alive[row] {
                let slot = Int(tenant.partitions[row]) + 1
                if slot >= slots.count { slots += Array(repeating: .init(), count: slot + 1 - slots.count) }
                slots[slot].evaluated += 1
                guard held[row] else { continue }
                members += 1
                slots[slot].members += 1
                let contact = tenant.ids[row]
                if !previous.contains(contact) { changes.append((contact, true)) }
            }
            for contact in exits.removeValue(forKey: recorded) ?? [] {
                if let row = tenant.rows[contact].map(Int.init) {
                    // A contact back under a new row since the pass began is the incremental path's.
                    guard rows.contains(row) else { continue }
                    if held[row] { continue }
                }
                changes.append((contact, false))
            }
            try ledger.decide(
                segment: segment.id, changes: changes.sorted { $0.contact < $1.contact }, version: segment.version)
            evaluated = rows.upperBound
            recorded += 1
        }
    }
}
