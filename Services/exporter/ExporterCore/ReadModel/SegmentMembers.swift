import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// The exporter's copy of `cdp.segment-membership`: per segment, who is a member now. The latest change of a key
/// wins (an older `changed_at` never overwrites a newer one), and a tombstone removes the key.
struct SegmentMembers: MessageApplier {
    /// The `segment_members` table.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("exporter-segment-members-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE segment_members (
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        member INTEGER NOT NULL,
                        definition_version INTEGER NOT NULL,
                        changed_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, segment_id, contact_id)
                    ) WITHOUT ROWID;
                    """)
        }
    }

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else {
            let parts = (message.keyString ?? "").split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 3 else {
                throw RosterError.invalid(
                    "a membership key must be tenant/segment_id/contact_id, not \(message.keyString ?? "none")")
            }
            try context.db.execute(
                sql: "DELETE FROM segment_members WHERE tenant = ? AND segment_id = ? AND contact_id = ?",
                arguments: [
                    String(parts[0]), parts[1..<parts.count - 1].joined(separator: "/"), String(parts[parts.count - 1]),
                ])
            return
        }
        let change = try Topics.segmentMembership.decode(value)
        try context.db.execute(
            sql: """
                INSERT INTO segment_members (tenant, segment_id, contact_id, member, definition_version, changed_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, segment_id, contact_id) DO UPDATE SET member = excluded.member,
                    definition_version = excluded.definition_version, changed_at = excluded.changed_at
                WHERE excluded.changed_at >= segment_members.changed_at
                """,
            arguments: [
                change.tenant, change.segmentId, change.contactId, change.status == .entered,
                change.definitionVersion, change.changedAt,
            ])
    }
}
