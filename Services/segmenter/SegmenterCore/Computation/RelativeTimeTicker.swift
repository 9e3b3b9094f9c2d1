import Foundation
import GRDB
import Logging
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Loads the resident columns of every tenant with segments at start (`ColumnStore`), then re-evaluates, as time
/// passes, the segments whose result depends on the current time (`within_last_days`,
/// `more_than_days_ago`, windows of the last N days) and those that reference them, over this instance's
/// contacts; publishes the entries and exits; and trims the changelog to its retention.
public struct RelativeTimeTicker: Service {
    let worker: WorkerContext
    let plans: SegmentPlanCache
    let columns: ColumnStore
    let settings: SegmenterSettings

    public func run() async throws {
        let relay = worker.outboxRelay
        await cancelWhenGracefulShutdown {
            do {
                try await BlockingThread.run(name: "segment-columns") { try self.loadColumns() }
            } catch {
                worker.logger.warning("loading the segment columns failed", metadata: ["error": "\(error)"])
            }
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.tick)
                guard !Task.isCancelled else { return }
                do {
                    try await BlockingThread.run(name: "segment-ticker") {
                        try self.tick(now: Date())
                        try relay.drain()
                    }
                } catch {
                    worker.logger.warning("relative-time re-evaluation failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Reads into memory the columns every live segment of every tenant reads, without holding the write lock
    /// (`ColumnStore.load`).
    func loadColumns() throws {
        let database = worker.database
        let tenants = try database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT tenant FROM segments WHERE deleted = 0").map { tenant in
                // Compiled here rather than through the plan cache, which only write transactions fill.
                (tenant, try TenantSegments.load(db, tenant: tenant).ordered.map(\.plan))
            }
        }
        for (tenant, plans) in tenants { try columns.load(database, tenant: tenant, plans: plans) }
    }

    /// One pass at `now`: re-evaluates time-dependent segments of every tenant and trims the changelog.
    public func tick(now: Date) throws {
        let prefix = worker.config.topicPrefix
        try worker.database.write { db in
            for tenant in try String.fetchAll(db, sql: "SELECT DISTINCT tenant FROM segments WHERE deleted = 0") {
                let ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: prefix, now: now)
                // A segment whose full computation is pending is computed at the time of its own chunks.
                let uncomputed = Set(try SegmentDirectory.uncomputed(db).filter { $0.tenant == tenant }.map(\.id))
                var affected: Set<String> = []
                for segment in try plans.segments(db, tenant: tenant).ordered
                where !uncomputed.contains(segment.id)
                    && (segment.plan.dependsOnTime || !segment.plan.segments.isDisjoint(with: affected))
                {
                    affected.insert(segment.id)
                    try FullComputation(ledger: ledger, columns: columns).run(segment)
                }
            }
            let cutoff = Timestamps.format(now.addingTimeInterval(-Double(settings.historyDays) * 86_400))
            try db.execute(sql: "DELETE FROM segment_changelog WHERE at < ?", arguments: [cutoff])
        }
    }
}
