import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The HTTP writes: validate against this instance's state, publish a record on `cdp.segment-definitions`, and
/// wait (bounded) until this instance applied it, so the caller sees the result.
struct SegmentWriter {
    let worker: WorkerContext
    let settings: SegmenterSettings
    let progress: ComputationProgress

    /// Validates a definition for `segmentID` (new when absent from the store): it compiles against the tenant's
    /// catalog and references no segment that leads back to it.
    func validate(_ definition: SegmentDefinition, tenant: String, segmentID: String) throws {
        try worker.database.read { db in
            let stored = try Row.fetchAll(
                db, sql: "SELECT segment_id, definition FROM segments WHERE tenant = ? AND deleted = 0",
                arguments: [tenant])
            var references: [String: Set<String>] = [:]
            for row in stored {
                let text: String = row["definition"]
                let other = try WireCodec.decode(SegmentDefinition.self, from: Array(text.utf8))
                references[row["segment_id"]] = Self.references(other.tree)
            }
            let catalog = try SegmentCatalog.load(db, tenant: tenant, segments: Set(references.keys))
            let plan = try SegmentCompiler.compile(definition, catalog: catalog)
            references[segmentID] = plan.segments
            var path: [String] = []
            func leadsBack(_ id: String) -> Bool {
                for next in (references[id] ?? []).sorted() {
                    path.append(next)
                    if next == segmentID || leadsBack(next) { return true }
                    path.removeLast()
                }
                return false
            }
            if leadsBack(segmentID) {
                throw SegmentCompiler.invalid(
                    "segment", path.first,
                    "a cycle of segment references: \(([segmentID] + path).joined(separator: " → "))")
            }
        }
    }

    /// Segment ids a rule tree references.
    static func references(_ rule: SegmentRule) -> Set<String> {
        switch rule {
        case .all(let rules), .any(let rules): rules.reduce(into: []) { $0.formUnion(references($1)) }
        case .not(let inner): references(inner)
        case .condition(.segment(let id)): [id]
        case .condition: []
        }
    }

    /// Live segments that reference `id`.
    func referrers(of id: String, tenant: String) throws -> [String] {
        try worker.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT segment_id, definition FROM segments WHERE tenant = ? AND deleted = 0",
                arguments: [tenant]
            ).compactMap { row in
                let text: String = row["definition"]
                let definition = try WireCodec.decode(SegmentDefinition.self, from: Array(text.utf8))
                return Self.references(definition.tree).contains(id) ? row["segment_id"] : nil
            }
        }
    }

    /// Publishes records and waits until all are applied here and the full computations of `computed` (segment ids)
    /// are done; returns whether they were applied in time (a computation still running when the wait ends shows as
    /// `computing` in the answer).
    func publish(_ records: [SegmentRecord], computed: [String] = []) async throws -> Bool {
        try await worker.publish(Topics.segmentDefinitions, try records.map { ($0.key, try $0.payload) })
        let database = worker.database
        let ids = records.map(\.id)
        let deadline = ContinuousClock.now + settings.writeWait
        var applied = false
        while ContinuousClock.now < deadline {
            let (done, settled) = try await database.read { db in
                let done = try ids.allSatisfy { try SegmentDirectory.applied(db, eventID: $0) }
                let tenant = records.first?.tenant ?? ""
                let uncomputed = try SegmentDirectory.uncomputed(db).filter { $0.tenant == tenant }.map(\.id)
                return (done, done && Set(uncomputed).isDisjoint(with: computed))
            }
            applied = done
            if settled { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return applied
    }

    /// A new unique id with a prefix (`seg-…`, `grp-…`, `def-…`).
    static func newID(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: ""))"
    }
}
