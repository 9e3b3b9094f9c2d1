import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.segment-definitions`: stores segments and groups, leaves a new or changed segment (and the segments
/// that reference it) `not_computed` for the segment computer (`SegmentComputer`), which it wakes once the transaction
/// commits, and exits every member of a deleted one, reporting that on `cdp.segment-status`.
struct DefinitionApplier: MessageApplier {
    let plans: SegmentPlanCache
    let report: SegmentStatusReport
    /// Wakes the segment computer.
    let computationsPending: @Sendable () -> Void

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else { return }
        let record = try SegmentRecord(payload: Topics.segmentDefinitions.decode(value))
        guard try context.firstTime(record.id) else { return }
        let db = context.db
        defer { plans.invalidate(tenant: record.tenant) }
        if record.kind == .group {
            try SegmentDirectory.apply(group: record, in: db)
            return
        }
        guard let id = record.segmentId else {
            throw RosterError.invalid("segment record \(record.id) needs segment_id")
        }
        switch record.action {
        case .delete:
            guard let version = try SegmentDirectory.markDeleted(db, record) else { return }
            let ledger = MembershipLedger(context: context, tenant: record.tenant, now: Date())
            for member in try ledger.members(segment: id).sorted() {
                try ledger.decide(segment: id, contact: member, member: false, version: version)
            }
            for status in report.records(
                tenant: record.tenant, segment: id, status: "deleted", version: version, counts: [:], at: ledger.now)
            {
                try context.publish(Topics.segmentStatus, key: status.key, value: status.value)
            }
        case .upsert:
            guard try SegmentDirectory.upsert(db, record) else { return }
            plans.invalidate(tenant: record.tenant)
            let segments = try TenantSegments.load(db, tenant: record.tenant)
            guard segments.ordered.contains(where: { $0.id == id }) else {
                let failure = Self.compileFailure(db, record: record)
                try SegmentDirectory.markComputed(
                    db, tenant: record.tenant, id: id, at: Timestamps.format(Date()), failure: failure)
                return
            }
            for dependent in segments.dependents(of: id) {
                try SegmentDirectory.mark(
                    db, tenant: record.tenant, id: dependent.id, status: SegmentDirectory.Status.notComputed)
            }
            db.afterNextTransaction(onCommit: { [computationsPending] _ in computationsPending() })
        }
    }

    /// Why a stored definition does not compile any more.
    private static func compileFailure(_ db: Database, record: SegmentRecord) -> String {
        do {
            let catalog = try SegmentCatalog.load(
                db, tenant: record.tenant,
                segments: Set(try String.fetchAll(db, sql: "SELECT segment_id FROM segments WHERE deleted = 0")))
            _ = try SegmentCompiler.compile(
                record.definition ?? SegmentDefinition(name: "", type: .standard), catalog: catalog)
            return "the definition does not compile"
        } catch {
            return (error as? RosterError)?.message ?? "\(error)"
        }
    }
}
