import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The incremental path: one contact re-evaluated against every segment of its tenant, from its profile snapshot
/// and its events, after each change to either. A contact without a profile (deleted or merged away) leaves
/// every segment.
struct ContactReevaluation {
    let ledger: MembershipLedger
    let segments: TenantSegments

    /// Re-evaluates the contact and records every entry and exit; `snapshot` is its profile when the caller has
    /// just decoded it (otherwise it is read from the projection). Returns the facts it evaluated, `nil` for a
    /// contact without a profile.
    @discardableResult
    func run(contact: String, snapshot: ProfileSnapshot? = nil) throws -> ContactFacts? {
        guard
            let facts = try Self.facts(
                ledger.db, tenant: ledger.tenant, contact: contact, events: segments.events, snapshot: snapshot)
        else {
            for segment in try ledger.segments(of: contact) {
                let version = segments.ordered.first { $0.id == segment }?.version ?? 0
                try ledger.decide(segment: segment, contact: contact, member: false, version: version)
            }
            return nil
        }
        var fresh: [String: Bool] = [:]
        let evaluator = SegmentEvaluator(now: ledger.now.timeIntervalSince1970) { fresh[$0] ?? false }
        for segment in segments.ordered {
            let member = evaluator.holds(segment.plan, facts)
            fresh[segment.id] = member
            try ledger.decide(segment: segment.id, contact: contact, member: member, version: segment.version)
        }
        return facts
    }

    /// The contact's facts from its stored snapshot and its events of the named kinds; `nil` without a profile.
    static func facts(
        _ db: Database, tenant: String, contact: String, events: Set<String>, snapshot: ProfileSnapshot? = nil
    ) throws -> ContactFacts? {
        guard let snapshot = try snapshot ?? Self.snapshot(db, tenant: tenant, contact: contact) else { return nil }
        var facts: [FactEvent] = []
        if !events.isEmpty {
            let marks = Array(repeating: "?", count: events.count).joined(separator: ", ")
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT event, properties, occurred_at FROM contact_activity WHERE tenant = ? AND contact_id = ? "
                        + "AND event IN (\(marks))"),
                arguments: StatementArguments([tenant, contact] + events.sorted()))
            for row in rows {
                let properties: String = row["properties"]
                guard let time = TimeParser.seconds(row["occurred_at"]) else { continue }
                facts.append(
                    FactEvent(
                        name: row["event"], occurredAt: time,
                        properties: try WireCodec.decode([String: JSONValue].self, from: Array(properties.utf8))))
            }
        }
        return ContactFacts(snapshot: snapshot, events: facts)
    }

    private static func snapshot(_ db: Database, tenant: String, contact: String) throws -> ProfileSnapshot? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT snapshot FROM projected_profiles WHERE tenant = ? AND contact_id = ?"),
            arguments: [tenant, contact]
        ).map { try Topics.profiles.decode(Array($0.utf8)) }
    }
}
