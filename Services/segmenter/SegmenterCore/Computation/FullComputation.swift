import Foundation
import GRDB
import RosterModel

/// The full computation: computes a segment over every contact this instance holds and records the difference with the stored
/// membership: contacts that now qualify enter, members that no longer do (or are gone) exit.
public struct FullComputation {
    let ledger: MembershipLedger

    init(ledger: MembershipLedger) {
        self.ledger = ledger
    }

    /// A computation that records into `db`'s memberships of `tenant` and queues messages for `topicPrefix`.
    public init(db: Database, tenant: String, topicPrefix: String, now: Date) {
        ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: topicPrefix, now: now)
    }

    /// Evaluates `segment` for every held contact of the ledger's tenant; returns the member count.
    @discardableResult
    public func run(_ segment: CompiledSegment) throws -> Int {
        let db = ledger.db
        var previous = try ledger.members(segment: segment.id)
        var referenced: [String: Set<String>] = [:]
        for id in segment.plan.segments { referenced[id] = try ledger.members(segment: id) }
        let now = ledger.now.timeIntervalSince1970
        var members = 0
        func evaluator(_ contact: String) -> SegmentEvaluator {
            SegmentEvaluator(now: now) { referenced[$0]?.contains(contact) ?? false }
        }
        try ProjectionScan(plans: [segment.plan]).forEachContact(
            db, tenant: ledger.tenant, needsEvents: { evaluator($0.contactId).decided(segment.plan, $0) == nil }
        ) { facts in
            let contact = facts.contactId
            let member = evaluator(contact).holds(segment.plan, facts)
            let wasMember = previous.remove(contact) != nil
            if member { members += 1 }
            if member != wasMember {
                try ledger.decide(segment: segment.id, contact: contact, member: member, version: segment.version)
            }
        }
        for gone in previous.sorted() {
            try ledger.decide(segment: segment.id, contact: gone, member: false, version: segment.version)
        }
        return members
    }

    /// How many held contacts satisfy `plan`, without recording anything (the estimate).
    public static func count(_ db: Database, tenant: String, plan: SegmentPlan, now: Date) throws -> Int {
        let ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: "", now: now)
        var referenced: [String: Set<String>] = [:]
        for id in plan.segments { referenced[id] = try ledger.members(segment: id) }
        var members = 0
        func evaluator(_ contact: String) -> SegmentEvaluator {
            SegmentEvaluator(now: now.timeIntervalSince1970) { referenced[$0]?.contains(contact) ?? false }
        }
        try ProjectionScan(plans: [plan]).forEachContact(
            db, tenant: tenant, needsEvents: { evaluator($0.contactId).decided(plan, $0) == nil }
        ) { facts in
            if evaluator(facts.contactId).holds(plan, facts) { members += 1 }
        }
        return members
    }
}
