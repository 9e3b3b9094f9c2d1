import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The segments and groups of a tenant as the definitions topic left them: the rows behind the list, the
/// detail and the groups, and their writes.
public enum SegmentDirectory {
    /// One segment as the list and the detail show it.
    public struct Summary: Codable, Sendable, Equatable {
        public var segmentId: String
        public var name: String
        public var type: String
        /// `not_computed`, `computing`, `completed` or `failed`.
        public var status: String
        public var statusReason: String?
        public var memberCount: Int
        public var groupId: String?
        public var version: Int
        public var builtin: Bool
        public var createdBy: String
        public var createdAt: String
        public var updatedBy: String
        public var updatedAt: String
        public var computedAt: String?
        public var definition: SegmentDefinition?
        /// While `computing`: how far this instance's computation is.
        public var progress: Progress?
    }

    /// How far a computation is: contacts evaluated (and recorded) of the contacts this instance held when it began.
    public struct Progress: Codable, Sendable, Equatable {
        public var contactsEvaluated: Int
        public var contactsTotal: Int
    }

    /// A group of segments.
    public struct Group: Codable, Sendable, Equatable {
        public var groupId: String
        public var name: String
        public var builtin: Bool
        public var createdBy: String?
        public var createdAt: String?
    }

    /// The stored segment, deleted or not.
    static func stored(_ db: Database, tenant: String, id: String) throws -> (summary: Summary, deleted: Bool)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM segments WHERE tenant = ? AND segment_id = ?", arguments: [tenant, id])
        else { return nil }
        return (try summary(row, db: db, tenant: tenant), row["deleted"])
    }

    /// A live segment (built-in or stored).
    public static func segment(_ db: Database, tenant: String, id: String) throws -> Summary? {
        if let builtin = BuiltinSegments.definitions.first(where: { $0.id == id }) {
            let since = try builtinsKeptSince(db)
            return Summary(
                segmentId: builtin.id, name: builtin.definition.name, type: builtin.definition.type.rawValue,
                status: Status.completed, memberCount: try memberCount(db, tenant: tenant, id: id),
                groupId: BuiltinSegments.groupID, version: BuiltinSegments.version, builtin: true, createdBy: "system",
                createdAt: since, updatedBy: "system", updatedAt: since,
                definition: builtin.definition)
        }
        guard let stored = try stored(db, tenant: tenant, id: id), !stored.deleted else { return nil }
        return stored.summary
    }

    /// When this store began keeping the built-in segments: the time it first recorded the Kafka cluster it reads
    /// (the worker records it before it consumes anything), or now for a store that has not started yet.
    private static func builtinsKeptSince(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT recorded_at FROM roster_cluster") ?? Timestamps.format(Date())
    }

    /// The tenant's live segments, built-in first, then by creation time.
    public static func list(_ db: Database, tenant: String) throws -> [Summary] {
        let builtins = try BuiltinSegments.definitions.compactMap { try segment(db, tenant: tenant, id: $0.id) }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM segments WHERE tenant = ? AND deleted = 0 ORDER BY created_at, segment_id",
            arguments: [tenant])
        return builtins + (try rows.map { try summary($0, db: db, tenant: tenant) })
    }

    /// The tenant's groups: the built-in ones, then its own.
    public static func groups(_ db: Database, tenant: String) throws -> [Group] {
        let builtin = [
            Group(groupId: "all", name: "All segments", builtin: true),
            Group(groupId: "mine", name: "Created by me", builtin: true),
            Group(groupId: BuiltinSegments.groupID, name: "Channel unsubscribes", builtin: true),
        ]
        return builtin
            + (try Row.fetchAll(
                db,
                sql: "SELECT * FROM segment_groups WHERE tenant = ? AND deleted = 0 ORDER BY created_at, group_id",
                arguments: [tenant]
            ).map {
                Group(
                    groupId: $0["group_id"], name: $0["name"], builtin: false, createdBy: $0["created_by"],
                    createdAt: $0["created_at"])
            })
    }

    /// The member count this instance holds.
    static func memberCount(_ db: Database, tenant: String, id: String) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT members FROM segment_counts WHERE tenant = ? AND segment_id = ?", arguments: [tenant, id])
            ?? 0
    }

    private static func summary(_ row: Row, db: Database, tenant: String) throws -> Summary {
        let text: String = row["definition"]
        let id: String = row["segment_id"]
        return Summary(
            segmentId: id, name: row["name"], type: row["type"], status: row["status"],
            statusReason: row["status_reason"], memberCount: try memberCount(db, tenant: tenant, id: id),
            groupId: row["group_id"], version: row["version"], builtin: false, createdBy: row["created_by"],
            createdAt: row["created_at"], updatedBy: row["updated_by"], updatedAt: row["updated_at"],
            computedAt: row["computed_at"],
            definition: try WireCodec.decode(SegmentDefinition.self, from: Array(text.utf8)))
    }

    /// Writes a segment record; returns whether its conditions changed (and so need a computation).
    static func upsert(_ db: Database, _ record: SegmentRecord) throws -> Bool {
        guard let id = record.segmentId, let definition = record.definition, let version = record.version else {
            throw RosterError.invalid("segment record \(record.id) needs segment_id, definition and version")
        }
        let text = String(decoding: try WireCodec.encode(definition), as: UTF8.self)
        let existing = try Row.fetchOne(
            db, sql: "SELECT version, definition, deleted FROM segments WHERE tenant = ? AND segment_id = ?",
            arguments: [record.tenant, id])
        if let existing, (existing["version"] as Int) > version { return false }
        let changed =
            existing == nil || (existing?["definition"] as String?) != text || (existing?["deleted"] as Bool?) == true
        try db.execute(
            sql: """
                INSERT INTO segments (tenant, segment_id, name, type, definition, version, group_id, status,
                    created_by, created_at, updated_by, updated_at, last_event_id, deleted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                ON CONFLICT (tenant, segment_id) DO UPDATE SET name = excluded.name, type = excluded.type,
                    definition = excluded.definition, version = excluded.version, group_id = excluded.group_id,
                    status = IIF(?, excluded.status, segments.status), updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at, last_event_id = excluded.last_event_id, deleted = 0
                """,
            arguments: [
                record.tenant, id, definition.name, definition.type.rawValue, text, version, record.groupId,
                changed ? Status.notComputed : Status.completed, record.createdBy ?? record.actor,
                record.createdAt ?? record.at,
                record.actor, record.at, record.id, changed,
            ])
        return changed
    }

    /// The statuses a segment goes through: `not_computed` (stored, its full computation not begun), `computing`,
    /// then `completed`, or `failed` when its definition does not compile.
    enum Status {
        static let notComputed = "not_computed"
        static let computing = "computing"
        static let completed = "completed"
        static let failed = "failed"
    }

    /// Marks a segment computed (or failed, with the reason).
    static func markComputed(_ db: Database, tenant: String, id: String, at: String, failure: String? = nil) throws {
        try db.execute(
            sql: """
                UPDATE segments SET status = ?, status_reason = ?, computed_at = ? WHERE tenant = ? AND segment_id = ?
                """,
            arguments: [failure == nil ? Status.completed : Status.failed, failure, at, tenant, id])
    }

    /// Sets a live segment's status (`not_computed` for one to compute again, `computing`).
    static func mark(_ db: Database, tenant: String, id: String, status: String) throws {
        try db.execute(
            sql:
                "UPDATE segments SET status = ?, status_reason = NULL WHERE tenant = ? AND segment_id = ? AND deleted = 0",
            arguments: [status, tenant, id])
    }

    /// The live segments whose full computation is not done (`not_computed` or `computing`), by tenant, oldest
    /// change first.
    static func uncomputed(_ db: Database) throws -> [(tenant: String, id: String, version: Int, status: String)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT tenant, segment_id, version, status FROM segments
                WHERE deleted = 0 AND status IN (?, ?) ORDER BY tenant, updated_at, segment_id
                """, arguments: [Status.notComputed, Status.computing]
        ).map { ($0["tenant"], $0["segment_id"], $0["version"], $0["status"]) }
    }

    /// Marks a segment deleted (kept, so a late older record cannot bring it back); returns its version.
    static func markDeleted(_ db: Database, _ record: SegmentRecord) throws -> Int? {
        try db.execute(
            sql: """
                UPDATE segments SET deleted = 1, last_event_id = ?, updated_by = ?, updated_at = ?
                WHERE tenant = ? AND segment_id = ?
                """,
            arguments: [record.id, record.actor, record.at, record.tenant, record.segmentId])
        return try Int.fetchOne(
            db, sql: "SELECT version FROM segments WHERE tenant = ? AND segment_id = ?",
            arguments: [record.tenant, record.segmentId])
    }

    /// Writes or deletes a group; deleting one leaves its segments without a group.
    static func apply(group record: SegmentRecord, in db: Database) throws {
        guard let id = record.groupId else { throw RosterError.invalid("group record \(record.id) needs group_id") }
        switch record.action {
        case .upsert:
            try db.execute(
                sql: """
                    INSERT INTO segment_groups (tenant, group_id, name, created_by, created_at, last_event_id, deleted)
                    VALUES (?, ?, ?, ?, ?, ?, 0)
                    ON CONFLICT (tenant, group_id) DO UPDATE SET name = excluded.name,
                        last_event_id = excluded.last_event_id, deleted = 0
                    """,
                arguments: [record.tenant, id, record.name ?? id, record.actor, record.at, record.id])
        case .delete:
            try db.execute(
                sql: "UPDATE segment_groups SET deleted = 1, last_event_id = ? WHERE tenant = ? AND group_id = ?",
                arguments: [record.id, record.tenant, id])
            try db.execute(
                sql: "UPDATE segments SET group_id = NULL WHERE tenant = ? AND group_id = ?",
                arguments: [record.tenant, id])
        }
    }

    /// Whether an event id from the definitions topic has been applied here.
    public static func applied(_ db: Database, eventID: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM roster_applied_events WHERE event_id = ?)", arguments: [eventID])
            ?? false
    }
}
