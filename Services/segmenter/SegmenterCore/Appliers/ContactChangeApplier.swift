import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.profiles` and `cdp.activity` to the projection and re-evaluates the contact against every
/// segment of its tenant (the incremental path); a new event re-evaluates only when some segment reads its kind.
/// A profile tombstone also removes the contact's events, so the contact exits every segment.
struct ContactChangeApplier: MessageApplier {
    let plans: SegmentPlanCache
    let profilesTopic: String

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let key = message.keyString, let slash = key.firstIndex(of: "/") else {
            throw RosterError.invalid("a contact key must be tenant/contact_id, not \(message.keyString ?? "none")")
        }
        let tenant = String(key[..<slash])
        let contact = String(key[key.index(after: slash)...])
        let segments = try plans.segments(context.db, tenant: tenant)
        if message.topic == profilesTopic {
            try ProfileProjection().apply(message, context: context)
            if message.value == nil {
                try context.db.execute(
                    sql: "DELETE FROM contact_activity WHERE tenant = ? AND contact_id = ?",
                    arguments: [tenant, contact])
            }
        } else {
            guard let value = message.value else { return }
            let record = try Topics.activity.decode(value)
            // A repeated event, or one no segment reads, cannot change membership (time is the ticker's job).
            guard try ActivityProjection.store(record, in: context.db), segments.events.contains(record.event)
            else { return }
        }
        let ledger = MembershipLedger(db: context.db, tenant: tenant, topicPrefix: context.topicPrefix, now: Date())
        try ContactReevaluation(ledger: ledger, segments: segments).run(contact: contact)
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
