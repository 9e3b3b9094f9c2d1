import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport

@testable import SegmenterCore

/// A real segmenter SQLite file in a temporary folder, filled directly with profiles, events and definitions.
final class ProjectionDatabase {
    let directory: TemporaryDirectory
    let pool: DatabasePool

    init() throws {
        directory = try TemporaryDirectory()
        pool = try WorkerDatabase.open(
            path: directory.path + "/segmenter.sqlite", migrations: Segmenter.registerMigrations)
    }

    func insert(_ snapshot: ProfileSnapshot) throws {
        try pool.write { db in
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO projected_profiles (tenant, contact_id, snapshot, updated_at) VALUES (?, ?, ?, ?)",
                arguments: [
                    snapshot.tenant, snapshot.contactId,
                    String(decoding: try Topics.profiles.encode(snapshot), as: UTF8.self), snapshot.updatedAt,
                ])
        }
    }

    func insert(_ record: ActivityRecord) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO contact_activity (event_id, tenant, contact_id, event, properties, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.tenant, record.contactId, record.event,
                    String(decoding: try WireCodec.encode(record.properties), as: UTF8.self), record.occurredAt,
                ])
        }
    }

    /// Stores a segment as the definitions topic would.
    func define(_ id: String, _ definition: SegmentDefinition, tenant: String, version: Int = 1) throws {
        try pool.write { db in
            _ = try SegmentDirectory.upsert(
                db,
                SegmentRecord(
                    id: "def-\(tenant)-\(id)-\(version)", tenant: tenant, kind: .segment, action: .upsert,
                    segmentId: id, version: version, definition: definition, actor: "test",
                    at: "2026-11-24T00:00:00Z"))
        }
    }

    /// The members of a segment.
    func members(_ segment: String, tenant: String) throws -> Set<String> {
        try pool.read { db in
            try MembershipLedger(db: db, tenant: tenant, topicPrefix: "", now: Date()).members(segment: segment)
        }
    }

    /// Membership messages waiting in the outbox, decoded.
    func published() throws -> [SegmentMembershipChange] {
        try pool.read { db in
            try Data.fetchAll(
                db, sql: "SELECT value FROM roster_outbox WHERE topic LIKE '%segment-membership' ORDER BY seq"
            )
            .map { try Topics.segmentMembership.decode(Array($0)) }
        }
    }
}
