import Dispatch
import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle
import Synchronization

/// Runs the full computations the definitions leave pending (a segment created or edited, and the segments that
/// reference it), one segment at a time, in dependency order, `SegmenterSettings.computationChunk` contacts a chunk,
/// each chunk recorded in a write transaction of its own (`FullComputation.Pass`) and its messages sent before the
/// next: the consumers' batches (the incremental path, other segments) go between chunks, and the segment shows
/// `computing` with its progress (`ComputationProgress`) until its last chunk marks it `completed` and reports it on
/// `cdp.segment-status`.
///
/// What is pending is the `segments` table itself (status `not_computed` or `computing`), so a computation cut short
/// by a crash begins again after the restart; the chunks recorded before are not recorded twice, as only decisions
/// that differ from the stored membership are, and their messages wait in the outbox. A computation whose segment is
/// edited or deleted meanwhile is given up for the new version.
public final class SegmentComputer: Service, Sendable {
    /// Test hooks at the points where a crash or a look at the status matters.
    public struct Hooks: Sendable {
        public enum Step: Sendable, Equatable {
            /// A segment is about to be marked `computing` (it is still `not_computed`).
            case starting(segment: String)
            /// A chunk's transaction committed; its messages are not sent yet.
            case recorded(segment: String, evaluated: Int, total: Int)
        }

        /// Called at each step; throwing ends the computer (and the worker) with that error.
        public var step: (@Sendable (Step) throws -> Void)?

        public init(step: (@Sendable (Step) throws -> Void)? = nil) {
            self.step = step
        }
    }

    let worker: WorkerContext
    let plans: SegmentPlanCache
    let columns: ColumnStore
    let progress: ComputationProgress
    let report: SegmentStatusReport
    let chunk: Int
    let hooks: Hooks
    private let stopping = Mutex(false)
    private let wakeup = DispatchSemaphore(value: 0)

    init(
        worker: WorkerContext, plans: SegmentPlanCache, columns: ColumnStore, progress: ComputationProgress,
        report: SegmentStatusReport, chunk: Int, hooks: Hooks
    ) {
        self.worker = worker
        self.plans = plans
        self.columns = columns
        self.progress = progress
        self.report = report
        self.chunk = chunk
        self.hooks = hooks
    }

    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await BlockingThread.run(name: "segment-computer") { try self.loop() }
        } onCancelOrGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.wakeup.signal()
        }
    }

    /// Makes it look for pending computations now (a definition was applied).
    func wake() { wakeup.signal() }

    private var isStopping: Bool { stopping.withLock { $0 } }

    private func loop() throws {
        while !isStopping {
            let worked: Bool
            do {
                worked = try computeNext()
            } catch let failure as HookFailure {
                throw failure.underlying
            } catch {
                worker.logger.warning("segment computation failed; retrying", metadata: ["error": "\(error)"])
                worked = false
            }
            if !worked { _ = wakeup.wait(timeout: .now() + .seconds(1)) }
        }
    }

    /// An error thrown by a hook, which ends the computer.
    private struct HookFailure: Error {
        var underlying: any Error
    }

    private func step(_ step: Hooks.Step) throws {
        do { try hooks.step?(step) } catch { throw HookFailure(underlying: error) }
    }

    /// Computes the first pending segment (in dependency order) of the first tenant with one; returns whether there
    /// was one.
    private func computeNext() throws -> Bool {
        let database = worker.database
        let found = try database.read { db -> (pending: Bool, next: (tenant: String, segment: CompiledSegment)?) in
            let pending = try SegmentDirectory.uncomputed(db)
            guard let tenant = pending.first?.tenant else { return (false, nil) }
            let versions = Dictionary(
                pending.filter { $0.tenant == tenant }.map { ($0.id, $0.version) }, uniquingKeysWith: { $1 })
            // Compiled here rather than through the plan cache, which only write transactions fill.
            let segments = try TenantSegments.load(db, tenant: tenant)
            return (true, segments.ordered.first { versions[$0.id] == $0.version }.map { (tenant, $0) })
        }
        // Nothing pending: no write transaction (the consumers' batches would wait for it every second).
        guard found.pending else { return false }
        guard let next = found.next else { return try markUncompilable() }
        try compute(next.segment, tenant: next.tenant)
        return true
    }

    /// Marks `failed` the pending segments that no longer compile (their metadata changed); returns whether there
    /// were any.
    private func markUncompilable() throws -> Bool {
        try worker.database.write { db in
            var marked = false
            for pending in try SegmentDirectory.uncomputed(db) {
                let segments = try plans.segments(db, tenant: pending.tenant)
                guard !segments.ordered.contains(where: { $0.id == pending.id }) else { continue }
                try SegmentDirectory.markComputed(
                    db, tenant: pending.tenant, id: pending.id, at: Timestamps.format(Date()),
                    failure: "the definition does not compile against the tenant's metadata")
                marked = true
            }
            return marked
        }
    }

    /// Whether `segment` is still the live version whose computation is pending, in `db`'s transaction.
    private func isCurrent(_ db: Database, _ segment: CompiledSegment, tenant: String) throws -> Bool {
        try SegmentDirectory.uncomputed(db).contains { $0.tenant == tenant && $0.id == segment.id }
            && plans.isLiveVersion(db, segment, tenant: tenant)
    }

    private func compute(_ segment: CompiledSegment, tenant: String) throws {
        let database = worker.database
        let prefix = worker.config.topicPrefix
        let relay = worker.outboxRelay
        try step(.starting(segment: segment.id))
        try columns.load(database, tenant: tenant, plans: [segment.plan])
        let begun = try database.write { db -> FullComputation.Pass? in
            guard try isCurrent(db, segment, tenant: tenant) else { return nil }
            try SegmentDirectory.mark(db, tenant: tenant, id: segment.id, status: SegmentDirectory.Status.computing)
            return try FullComputation.Pass(
                db: db, tenant: tenant, topicPrefix: prefix, now: Date(), segment: segment, columns: columns,
                chunk: chunk)
        }
        guard var pass = begun else { return }
        defer { progress.finish(tenant: tenant, segment: segment.id) }
        progress.update(tenant: tenant, segment: segment.id, evaluated: 0, total: pass.total)
        while !pass.isDone {
            // Stopping leaves the segment `computing`: the next start computes it again.
            guard !isStopping else { return }
            let recorded = try database.write { db -> FullComputation.Pass? in
                guard try isCurrent(db, segment, tenant: tenant) else { return nil }
                var next = pass
                let now = Date()
                try next.record(db: db, topicPrefix: prefix, now: now, columns: columns)
                if next.isDone {
                    try SegmentDirectory.markComputed(db, tenant: tenant, id: segment.id, at: Timestamps.format(now))
                }
                try reportStatus(db, next, now: now)
                return next
            }
            guard let recorded else { return }
            pass = recorded
            progress.update(tenant: tenant, segment: segment.id, evaluated: pass.evaluated, total: pass.total)
            try step(.recorded(segment: segment.id, evaluated: pass.evaluated, total: pass.total))
            try relay.drain()
        }
    }

    /// Queues the pass's progress per partition on `cdp.segment-status` (`completed` after its last chunk), in the
    /// chunk's transaction.
    private func reportStatus(_ db: Database, _ pass: FullComputation.Pass, now: Date) throws {
        let status = pass.isDone ? SegmentDirectory.Status.completed : SegmentDirectory.Status.computing
        for record in report.records(
            tenant: pass.tenant, segment: pass.segment.id, status: status, version: pass.segment.version,
            counts: pass.partitions, at: now)
        {
            try Outbox.enqueue(
                db,
                OutgoingMessage(
                    topic: worker.topicName(Topics.segmentStatus), key: record.key,
                    value: try Topics.segmentStatus.encode(record.value)))
        }
    }
}
