import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Records membership decisions and publishes each entry or exit once, in the caller's transaction, through the
/// outbox. A decision equal to the stored state changes nothing, so re-applying a batch after a crash publishes
/// nothing twice; a change's message id (`<segment>-<contact>-v<version>-<enter|exit>-<n>`, n counting that
/// contact's transitions in that segment) is the same on every replay.
struct MembershipLedger {
    let db: Database
    let tenant: String
    let topicPrefix: String
    /// When the decisions are made.
    let now: Date
    /// `now` as stored and published.
    private let at: String

    init(db: Database, tenant: String, topicPrefix: String, now: Date) {
        self.db = db
        self.tenant = tenant
        self.topicPrefix = topicPrefix
        self.now = now
        at = Timestamps.format(now)
    }

    /// Whether the contact is a member now.
    func isMember(segment: String, contact: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: "SELECT member FROM memberships WHERE tenant = ? AND segment_id = ? AND contact_id = ?"),
            arguments: [tenant, segment, contact]) ?? false
    }

    /// The members of a segment.
    func members(segment: String) throws -> Set<String> {
        Set(
            try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT contact_id FROM memberships WHERE tenant = ? AND segment_id = ? AND member = 1"),
                arguments: [tenant, segment]))
    }

    /// The segments the contact is a member of.
    ///
    /// `INDEXED BY`: without statistics SQLite plans this as a walk of the primary key's `tenant = ?` range, every
    /// membership of the tenant, for each event of a contact whose profile has not arrived yet; profiled as the
    /// incremental path's growing cost (39% of samples after 30 s at 1,000 events/s).
    func segments(of contact: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT segment_id FROM memberships INDEXED BY memberships_by_contact
                    WHERE tenant = ? AND contact_id = ? AND member = 1
                    """),
            arguments: [tenant, contact])
    }

    /// Records that the contact is (or is not) a member; publishes an entry or exit when that changes.
    /// Returns whether it changed.
    @discardableResult
    func decide(segment: String, contact: String, member: Bool, version: Int) throws -> Bool {
        guard try change(segment: segment, contact: contact, member: member, version: version) else { return false }
        try adjustCount(segment: segment, by: member ? 1 : -1)
        return true
    }

    /// Records many decisions on one segment (a full computation), in the order given, adjusting its counts once.
    func decide(segment: String, changes: [(contact: String, member: Bool)], version: Int) throws {
        var delta = 0
        for (contact, member) in changes
        where try change(segment: segment, contact: contact, member: member, version: version) {
            delta += member ? 1 : -1
        }
        if !changes.isEmpty { try adjustCount(segment: segment, by: delta) }
    }

    /// Records a changed decision in the membership and the changelog and queues its message.
    private func change(segment: String, contact: String, member: Bool, version: Int) throws -> Bool {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT member, transitions FROM memberships WHERE tenant = ? AND segment_id = ? AND contact_id = ?"
            ), arguments: [tenant, segment, contact])
        let wasMember: Bool = row?["member"] ?? false
        guard wasMember != member else { return false }
        let transitions = (row?["transitions"] ?? 0) + 1
        try db.cachedStatement(
            sql: """
                INSERT INTO memberships (tenant, segment_id, contact_id, member, transitions, version, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, segment_id, contact_id) DO UPDATE SET member = excluded.member,
                transitions = excluded.transitions, version = excluded.version, changed_at = excluded.changed_at
                """
        ).execute(arguments: [tenant, segment, contact, member, transitions, version, at])
        let status: SegmentMembershipChange.Status = member ? .entered : .exited
        try db.cachedStatement(
            sql:
                "INSERT INTO segment_changelog (tenant, segment_id, contact_id, status, version, at) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [tenant, segment, contact, status.rawValue, version, at])
        let change = SegmentMembershipChange(
            id: "\(segment)-\(contact)-v\(version)-\(member ? "enter" : "exit")-\(transitions)", tenant: tenant,
            segmentId: segment, contactId: contact, status: status, definitionVersion: version, changedAt: at)
        try Outbox.enqueue(
            db,
            OutgoingMessage(
                topic: Topics.segmentMembership.name(prefix: topicPrefix), key: "\(tenant)/\(segment)/\(contact)",
                value: try Topics.segmentMembership.encode(change)))
        return true
    }

    /// Moves the segment's member count and today's count by `delta`.
    private func adjustCount(segment: String, by delta: Int) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO segment_counts (tenant, segment_id, members) VALUES (?, ?, ?)
                ON CONFLICT (tenant, segment_id) DO UPDATE SET members = members + excluded.members
                """
        ).execute(arguments: [tenant, segment, delta])
        try db.cachedStatement(
            sql: """
                INSERT INTO segment_daily_counts (tenant, segment_id, day, members)
                SELECT tenant, segment_id, ?, members FROM segment_counts WHERE tenant = ? AND segment_id = ?
                ON CONFLICT (tenant, segment_id, day) DO UPDATE SET members = excluded.members
                """
        ).execute(arguments: [String(at.prefix(10)), tenant, segment])
    }
}
