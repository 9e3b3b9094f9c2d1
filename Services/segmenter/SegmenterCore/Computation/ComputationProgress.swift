import Synchronization

/// How far each running full computation of this instance is, for the segment list, detail and status: the stored
/// status says `computing`, this says how many contacts are done.
public final class ComputationProgress: Sendable {
    private let running = Mutex<[String: SegmentDirectory.Progress]>([:])

    public init() {}

    /// Records that a computation has evaluated `evaluated` of `total` contacts.
    func update(tenant: String, segment: String, evaluated: Int, total: Int) {
        running.withLock {
            $0["\(tenant)/\(segment)"] = SegmentDirectory.Progress(contactsEvaluated: evaluated, contactsTotal: total)
        }
    }

    /// Forgets a computation that ended (or was given up).
    func finish(tenant: String, segment: String) {
        _ = running.withLock { $0.removeValue(forKey: "\(tenant)/\(segment)") }
    }

    /// The summary with its computation's progress when it is `computing` here.
    func annotated(_ summary: SegmentDirectory.Summary, tenant: String) -> SegmentDirectory.Summary {
        guard summary.status == SegmentDirectory.Status.computing else { return summary }
        var annotated = summary
        annotated.progress = running.withLock { $0["\(tenant)/\(summary.segmentId)"] }
        return annotated
    }
}
