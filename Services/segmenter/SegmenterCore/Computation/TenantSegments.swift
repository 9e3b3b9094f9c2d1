import Foundation
import GRDB
import Logging
import RosterModel
import RosterRuntime
import Synchronization

/// A segment ready to evaluate: its id, definition version and compiled plan.
public struct CompiledSegment: Sendable {
    public let id: String
    public let version: Int
    public let plan: SegmentPlan

    public init(id: String, version: Int, plan: SegmentPlan) {
        self.id = id
        self.version = version
        self.plan = plan
    }
}

/// A tenant's live segments (its own and the built-in ones), compiled, in dependency order: a segment comes after
/// every segment it references, so one pass evaluates a contact against all of them.
public struct TenantSegments: Sendable {
    public let ordered: [CompiledSegment]
    /// Events any of the segments reads.
    public let events: Set<String>

    init(ordered: [CompiledSegment]) {
        self.ordered = ordered
        events = ordered.reduce(into: []) { $0.formUnion($1.plan.events) }
    }

    /// Loads and compiles the tenant's segments; a stored definition that no longer compiles (its metadata
    /// changed) is left out and keeps its members until it is edited.
    public static func load(_ db: Database, tenant: String, logger: Logger? = nil) throws -> TenantSegments {
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT segment_id, version, definition FROM segments WHERE tenant = ? AND deleted = 0 AND status != 'failed'",
            arguments: [tenant])
        var definitions: [(id: String, version: Int, definition: SegmentDefinition)] = BuiltinSegments.definitions.map {
            ($0.id, BuiltinSegments.version, $0.definition)
        }
        for row in rows {
            let text: String = row["definition"]
            definitions.append(
                (
                    row["segment_id"], row["version"],
                    try WireCodec.decode(SegmentDefinition.self, from: Array(text.utf8))
                ))
        }
        let catalog = try SegmentCatalog.load(db, tenant: tenant, segments: Set(definitions.map(\.id)))
        var compiled: [CompiledSegment] = []
        for entry in definitions {
            do {
                compiled.append(
                    CompiledSegment(
                        id: entry.id, version: entry.version,
                        plan: try SegmentCompiler.compile(entry.definition, catalog: catalog)))
            } catch {
                logger?.warning(
                    "stored segment no longer compiles", metadata: ["segment.id": "\(entry.id)", "error": "\(error)"])
            }
        }
        return TenantSegments(ordered: dependencyOrder(compiled))
    }

    /// Segments in an order where each follows those it references (references to missing segments ignored).
    static func dependencyOrder(_ segments: [CompiledSegment]) -> [CompiledSegment] {
        let byID = Dictionary(segments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [CompiledSegment] = []
        var visited: Set<String> = []
        func visit(_ segment: CompiledSegment) {
            guard visited.insert(segment.id).inserted else { return }
            for reference in segment.plan.segments.sorted() { if let next = byID[reference] { visit(next) } }
            ordered.append(segment)
        }
        for segment in segments.sorted(by: { $0.id < $1.id }) { visit(segment) }
        return ordered
    }

    /// The segments that reference `id`, directly or through others, in dependency order.
    public func dependents(of id: String) -> [CompiledSegment] {
        var affected: Set<String> = [id]
        var result: [CompiledSegment] = []
        for segment in ordered where !segment.plan.segments.isDisjoint(with: affected) {
            affected.insert(segment.id)
            result.append(segment)
        }
        return result
    }
}

/// Each tenant's compiled segments, cached between messages. Only write transactions fill it (they are
/// serialized), and every definition or metadata change drops the tenant's entry.
public final class SegmentPlanCache: Sendable {
    private let tenants = Mutex<[String: TenantSegments]>([:])
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The tenant's segments, loaded in `db` when not cached.
    public func segments(_ db: Database, tenant: String) throws -> TenantSegments {
        if let cached = tenants.withLock({ $0[tenant] }) { return cached }
        let loaded = try TenantSegments.load(db, tenant: tenant, logger: logger)
        tenants.withLock { $0[tenant] = loaded }
        return loaded
    }

    /// Whether `segment` is the version of its id the tenant has now (not edited, deleted or no longer compiling since).
    func isLiveVersion(_ db: Database, _ segment: CompiledSegment, tenant: String) throws -> Bool {
        try segments(db, tenant: tenant).ordered.first { $0.id == segment.id }?.version == segment.version
    }

    /// Forgets a tenant's segments.
    public func invalidate(tenant: String) {
        tenants.withLock { $0[tenant] = nil }
    }
}
