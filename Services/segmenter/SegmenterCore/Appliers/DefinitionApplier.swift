import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.segment-definitions`: stores segments and groups, runs the full computation of a new or changed
/// segment (and of the segments that reference it) over this instance's contacts, exits every member of a deleted
/// one, and reports each computation on `cdp.segment-status`.
struct DefinitionApplier: MessageApplier {
    let plans: SegmentPlanCache
    let columns: ColumnStore
    /// The partitions of contacts this instance holds, for the status report.
    let partitions: @Sendable () -> [String]

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
        let ledger = MembershipLedger(db: db, tenant: record.tenant, topicPrefix: context.topicPrefix, now: Date())
        switch record.action {
        case .delete:
            guard let version = try SegmentDirectory.markDeleted(db, record) else { return }
            for member in try ledger.members(segment: id).sorted() {
                try ledger.decide(segment: id, contact: member, member: false, version: version)
            }
            try report(id, status: "deleted", members: 0, version: version, ledger: ledger, context: context)
        case .upsert:
            guard try SegmentDirectory.upsert(db, record) else { return }
            plans.invalidate(tenant: record.tenant)
            let segments = try TenantSegments.load(db, tenant: record.tenant)
            let at = Timestamps.format(ledger.now)
            guard let segment = segments.ordered.first(where: { $0.id == id }) else {
                let failure = Self.compileFailure(db, record: record)
                try SegmentDirectory.markComputed(db, tenant: record.tenant, id: id, at: at, failure: failure)
                return
            }
            let affected = [segment] + segments.dependents(of: id)
            try columns.prepare(db, tenant: record.tenant, plans: affected.map(\.plan))
            for affected in affected {
                let members = try FullComputation(ledger: ledger, columns: columns).run(affected)
                try SegmentDirectory.markComputed(db, tenant: record.tenant, id: affected.id, at: at)
                try report(
                    affected.id, status: "completed", members: members, version: affected.version, ledger: ledger,
                    context: context)
            }
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

    private func report(
        _ id: String, status: String, members: Int, version: Int, ledger: MembershipLedger, context: ApplyContext
    ) throws {
        let partitions = partitions()
        try context.publish(
            Topics.segmentStatus, key: "\(ledger.tenant)/\(id)/\(partitions.joined(separator: "+"))",
            value: [
                "schema": .string("roster.segment-status/v1"), "tenant": .string(ledger.tenant),
                "segment_id": .string(id), "status": .string(status), "members": .int(Int64(members)),
                "definition_version": .int(Int64(version)), "partitions": .array(partitions.map(JSONValue.string)),
                "computed_at": .string(Timestamps.format(ledger.now)),
            ])
    }
}
