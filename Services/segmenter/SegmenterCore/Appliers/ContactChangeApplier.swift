import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.profiles` and `cdp.activity` to the projection (SQLite, and the resident columns when the
/// transaction commits) and re-evaluates the contact against every segment of its tenant (the incremental path); a
/// new event re-evaluates only when some segment reads its kind. A profile tombstone also removes the contact's
/// events, so the contact exits every segment; an older snapshot than the one held changes nothing.
struct ContactChangeApplier: MessageApplier {
    let plans: SegmentPlanCache
    let columns: ColumnStore
    let profilesTopic: String

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let key = message.keyString, let slash = key.firstIndex(of: "/") else {
            throw RosterError.invalid("a contact key must be tenant/contact_id, not \(message.keyString ?? "none")")
        }
        let tenant = String(key[..<slash])
        let contact = String(key[key.index(after: slash)...])
        let db = context.db
        let segments = try plans.segments(db, tenant: tenant)
        var snapshot: ProfileSnapshot?
        if message.topic == profilesTopic {
            try ProfileProjection().apply(message, context: context)
            if let value = message.value {
                guard db.changesCount == 1 else { return }
                snapshot = try Topics.profiles.decode(value)
            } else {
                try db.cachedStatement(sql: "DELETE FROM contact_activity WHERE tenant = ? AND contact_id = ?")
                    .execute(arguments: [tenant, contact])
            }
        } else {
            guard let value = message.value else { return }
            let record = try Topics.activity.decode(value)
            guard try ActivityProjection.store(record, in: db) else { return }
            if let time = TimeParser.seconds(record.occurredAt) {
                columns.record(
                    .event(
                        tenant: tenant, contact: contact,
                        FactEvent(name: record.event, occurredAt: time, properties: record.properties)), in: db)
            }
            // An event no segment reads cannot change membership (time is the ticker's job).
            guard segments.events.contains(record.event) else { return }
        }
        let ledger = MembershipLedger(context: context, tenant: tenant, now: Date())
        let facts = try ContactReevaluation(ledger: ledger, segments: segments).run(
            contact: contact, snapshot: snapshot)
        if message.topic == profilesTopic {
            columns.record(
                facts.map { .profile(tenant: tenant, partition: message.partition, $0) }
                    ?? .removed(tenant: tenant, contact: contact), in: db)
        }
    }
}

/// Applies `cdp.metadata` to the catalog and drops the tenant's compiled segments, whose types may have changed.
struct CatalogApplier: MessageApplier {
    let plans: SegmentPlanCache

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        try MetadataCatalog().apply(message, context: context)
        if let tenant = message.keyString?.split(separator: "/").first { plans.invalidate(tenant: String(tenant)) }
    }
}
