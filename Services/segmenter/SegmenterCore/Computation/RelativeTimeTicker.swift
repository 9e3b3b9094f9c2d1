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

    /// One pass at `now`: re-evaluates the time-dependent segments of every tenant (and those that reference them),
    /// each `SegmenterSettings.computationChunk` contacts at a time in a write transaction of its own, as the segment
    /// computer does, so that the consumers' batches go between chunks rather than waiting for the whole pass (at
    /// 1,000,000 contacts one transaction held the write lock about 0.6 s per segment); then trims the changelog.
    /// A segment edited, deleted or left pending meanwhile is given up: its new version is the computer's.
    public func tick(now: Date) throws {
        let database = worker.database
        for (tenant, segment) in try due() {
            let begun = try database.write { db -> FullComputation.Pass? in
                guard try isLive(db, segment, tenant: tenant) else { return nil }
                return try FullComputation.Pass(
                    db: db, tenant: tenant, topicPrefix: worker.config.topicPrefix, now: now, segment: segment,
                    columns: columns, chunk: settings.computationChunk)
            }
            guard var pass = begun else { continue }
            while !pass.isDone {
                let recorded = try database.write { db -> FullComputation.Pass? in
                    guard try isLive(db, segment, tenant: tenant) else { return nil }
                    var next = pass
                    try next.record(db: db, topicPrefix: worker.config.topicPrefix, now: now, columns: columns)
                    return next
                }
                guard let recorded else { break }
                pass = recorded
                try worker.outboxRelay.drain()
            }
        }
        let cutoff = Timestamps.format(now.addingTimeInterval(-Double(settings.historyDays) * 86_400))
        try database.write { db in
            try db.execute(sql: "DELETE FROM segment_changelog WHERE at < ?", arguments: [cutoff])
        }
    }

    /// The segments to re-evaluate, tenant by tenant in dependency order: those whose result depends on the time and
    /// those that reference one of them, leaving out segments whose full computation is pending.
    private func due() throws -> [(tenant: String, segment: CompiledSegment)] {
        try worker.database.read { db in
            let uncomputed = try SegmentDirectory.uncomputed(db)
            var due: [(tenant: String, segment: CompiledSegment)] = []
            for tenant in try String.fetchAll(db, sql: "SELECT DISTINCT tenant FROM segments WHERE deleted = 0") {
                let pending = Set(uncomputed.filter { $0.tenant == tenant }.map(\.id))
                var affected: Set<String> = []
                // Compiled here rather than through the plan cache, which only write transactions fill.
                for segment in try TenantSegments.load(db, tenant: tenant).ordered
                where !pending.contains(segment.id)
                    && (segment.plan.dependsOnTime || !segment.plan.segments.isDisjoint(with: affected))
                {
                    affected.insert(segment.id)
                    due.append((tenant, segment))
                }
            }
            return due
        }
    }

    /// Whether `segment` is still the tenant's live version and no full computation of it is pending.
    private func isLive(_ db: Database, _ segment: CompiledSegment, tenant: String) throws -> Bool {
        try !SegmentDirectory.uncomputed(db).contains { $0.tenant == tenant && $0.id == segment.id }
            && plans.isLiveVersion(db, segment, tenant: tenant)
    }
}
