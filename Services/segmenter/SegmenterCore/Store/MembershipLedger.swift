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
    /// When the decisions are made.
    let now: Date
    /// `now` as stored and published.
    private let at: String
    /// Queues a membership message (key, change) in the transaction.
    private let publish: (String, SegmentMembershipChange) throws -> Void

    /// A ledger that queues its messages in the outbox itself, one row each (outside a consume batch: the full
    /// computation's chunks, the relative-time tick, tests).
    init(db: Database, tenant: String, topicPrefix: String, now: Date) {
        let topic = Topics.segmentMembership.name(prefix: topicPrefix)
        self.init(db: db, tenant: tenant, now: now) { key, change in
            try Outbox.enqueue(
                db, OutgoingMessage(topic: topic, key: key, value: try Topics.segmentMembership.encode(change)))
        }
    }

    /// A ledger inside a consume batch: its messages go through `ApplyContext.publish`, so that the consume loop writes
    /// them with the batch's other messages in multi-row inserts and hands them to its sender.
    init(context: ApplyContext, tenant: String, now: Date) {
        self.init(db: context.db, tenant: tenant, now: now) { key, change in
            try context.publish(Topics.segmentMembership, key: key, value: change)
        }
    }

    private init(
        db: Database, tenant: String, now: Date, publish: @escaping (String, SegmentMembershipChange) throws -> Void
    ) {
        self.db = db
        self.tenant = tenant
        self.now = now
        self.publish = publish
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
        guard let transitions = try transitions(segment: segment, contact: contact, member: member) else {
            return false
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO memberships (tenant, segment_id, contact_id, member, transitions, version, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, segment_id, contact_id) DO UPDATE SET member = excluded.member,
                transitions = excluded.transitions, version = excluded.version, changed_at = excluded.changed_at
                """
        ).execute(arguments: [tenant, segment, contact, member, transitions, version, at])
        try db.cachedStatement(
            sql:
                "INSERT INTO segment_changelog (tenant, segment_id, contact_id, status, version, at) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [tenant, segment, contact, Self.status(member).rawValue, version, at])
        try queue(segment: segment, contact: contact, member: member, version: version, transitions: transitions)
        try adjustCount(segment: segment, by: member ? 1 : -1)
        return true
    }

    /// Records many decisions on one segment (a chunk of a full computation), in the order given, for distinct
    /// contacts: the changed ones are written with multi-row inserts (`MultiRowInsert`) and the counts adjusted once.
    /// Returns how many changed.
    ///
    /// One `INSERT` per change into the memberships and the changelog paid each statement's fixed work for each of
    /// the ~45,700 entries of the model case at 1,000,000 contacts.
    @discardableResult
    func decide(segment: String, changes: [(contact: String, member: Bool)], version: Int) throws -> Int {
        var memberships = MultiRowInsert(
            "INSERT OR REPLACE INTO memberships (tenant, segment_id, contact_id, member, transitions, version, changed_at)",
            columns: 7)
        var changelog = MultiRowInsert(
            "INSERT INTO segment_changelog (tenant, segment_id, contact_id, status, version, at)", columns: 6)
        var delta = 0
        var changed = 0
        for (contact, member) in changes {
            guard let transitions = try transitions(segment: segment, contact: contact, member: member) else {
                continue
            }
            memberships.append([tenant, segment, contact, member, transitions, version, at])
            changelog.append([tenant, segment, contact, Self.status(member).rawValue, version, at])
            try queue(segment: segment, contact: contact, member: member, version: version, transitions: transitions)
            delta += member ? 1 : -1
            changed += 1
        }
        try memberships.execute(db)
        try changelog.execute(db)
        if !changes.isEmpty { try adjustCount(segment: segment, by: delta) }
        return changed
    }

    /// The contact's transition counter after deciding `member`, or `nil` when that is its stored state already.
    private func transitions(segment: String, contact: String, member: Bool) throws -> Int? {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT member, transitions FROM memberships WHERE tenant = ? AND segment_id = ? AND contact_id = ?"
            ), arguments: [tenant, segment, contact])
        let wasMember: Bool = row?["member"] ?? false
        guard wasMember != member else { return nil }
        return (row?["transitions"] ?? 0) + 1
    }

    private static func status(_ member: Bool) -> SegmentMembershipChange.Status { member ? .entered : .exited }

    /// Queues the message of a changed decision.
    private func queue(segment: String, contact: String, member: Bool, version: Int, transitions: Int) throws {
        try publish(
            "\(tenant)/\(segment)/\(contact)",
            SegmentMembershipChange(
                id: "\(segment)-\(contact)-v\(version)-\(member ? "enter" : "exit")-\(transitions)", tenant: tenant,
                segmentId: segment, contactId: contact, status: Self.status(member), definitionVersion: version,
                changedAt: at))
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
