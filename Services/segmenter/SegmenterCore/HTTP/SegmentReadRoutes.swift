import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import RosterModel
import RosterRuntime

/// The segment reads: list (by group), detail, members, status, estimate, why, history and changes, and groups.
/// Counts and members are those of the contacts this instance holds.
struct SegmentReadRoutes {
    let worker: WorkerContext
    let columns: ColumnStore
    let progress: ComputationProgress

    struct SegmentList: ResponseEncodable {
        var segments: [SegmentDirectory.Summary]
    }

    struct GroupList: ResponseEncodable {
        var groups: [SegmentDirectory.Group]
    }

    struct MemberPage: ResponseEncodable {
        var segmentId: String
        var total: Int
        /// Pass as `after` for the next page; absent on the last page.
        var next: String?
        var members: [Member]

        struct Member: Encodable {
            var contactId: String
            var since: String
            var attributes: [String: JSONValue]
        }
    }

    struct StatusView: ResponseEncodable {
        var segmentId: String
        var status: String
        var statusReason: String?
        var version: Int
        var memberCount: Int
        var computedAt: String?
        var progress: SegmentDirectory.Progress?
    }

    struct Estimate: ResponseEncodable {
        var count: Int
        var elapsedMs: Double
    }

    struct Why: ResponseEncodable {
        var segmentId: String
        var contactId: String
        var member: Bool
        var explanation: Explanation
    }

    struct History: ResponseEncodable {
        var segmentId: String
        var days: [Day]

        struct Day: Encodable {
            var day: String
            var members: Int
        }
    }

    struct Changes: ResponseEncodable {
        var segmentId: String
        var changes: [Change]

        struct Change: Encodable {
            var seq: Int64
            var contactId: String
            var status: String
            var definitionVersion: Int
            var at: String
        }
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.get("segments") { request, context in
            let caller = try context.caller()
            let tenant = caller.tenant
            let group = request.uri.queryParameters.get("group") ?? "all"
            let me = request.headers[HTTPField.Name("X-Roster-User")!] ?? caller.role.rawValue
            let all = try await worker.database.read { try SegmentDirectory.list($0, tenant: tenant) }.map {
                progress.annotated($0, tenant: tenant)
            }
            let chosen =
                switch group {
                case "all": all
                case "mine": all.filter { $0.createdBy == me }
                default: all.filter { $0.groupId == group }
                }
            return SegmentList(segments: chosen)
        }
        api.get("segment-groups") { _, context in
            let tenant = try context.caller().tenant
            return GroupList(groups: try await worker.database.read { try SegmentDirectory.groups($0, tenant: tenant) })
        }
        api.get("segments/:id") { _, context in
            try await segment(try context.parameters.require("id"), tenant: try context.caller().tenant)
        }
        api.get("segments/:id/status") { _, context in
            let found = try await segment(try context.parameters.require("id"), tenant: try context.caller().tenant)
            return StatusView(
                segmentId: found.segmentId, status: found.status, statusReason: found.statusReason,
                version: found.version, memberCount: found.memberCount, computedAt: found.computedAt,
                progress: found.progress)
        }
        api.get("segments/:id/members") { request, context in
            try await members(request, id: try context.parameters.require("id"), tenant: try context.caller().tenant)
        }
        api.post("segments/estimate") { request, context in
            let tenant = try context.caller().tenant
            let body = try await request.decode(as: SegmentWriteRoutes.Body.self, context: context)
            let started = ContinuousClock.now
            let plan = try await worker.database.read { db in
                let catalog = try SegmentCatalog.load(
                    db, tenant: tenant, segments: Set(try SegmentDirectory.list(db, tenant: tenant).map(\.segmentId)))
                return try SegmentCompiler.compile(body.definition, catalog: catalog)
            }
            if columns.needsLoad(tenant: tenant, plans: [plan]) {
                let database = worker.database
                try await BlockingThread.run(name: "segment-columns") {
                    try columns.load(database, tenant: tenant, plans: [plan])
                }
            }
            let count = try await worker.database.read { db in
                try FullComputation.count(db, tenant: tenant, plan: plan, now: Date(), columns: columns)
            }
            let elapsed = ContinuousClock.now - started
            return Estimate(
                count: count,
                elapsedMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        api.get("segments/:id/why/:contact") { _, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            let contact = try context.parameters.require("contact")
            return try await worker.database.read { db in try why(db, tenant: tenant, id: id, contact: contact) }
        }
        api.get("segments/:id/history") { request, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            _ = try await segment(id, tenant: tenant)
            let days = request.uri.queryParameters.get("days").flatMap(Int.init) ?? 30
            let since = Timestamps.format(Date().addingTimeInterval(-Double(days) * 86_400)).prefix(10)
            let history = try await worker.database.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT day, members FROM segment_daily_counts WHERE tenant = ? AND segment_id = ? AND day >= ? "
                        + "ORDER BY day", arguments: [tenant, id, String(since)]
                ).map { History.Day(day: $0["day"], members: $0["members"]) }
            }
            return History(segmentId: id, days: history)
        }
        api.get("segments/:id/changes") { request, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            let query = request.uri.queryParameters
            let after = query.get("after").flatMap(Int64.init) ?? 0
            let limit = min(query.get("limit").flatMap(Int.init) ?? 100, 1000)
            let contact = query.get("contact")
            let changes = try await worker.database.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM segment_changelog WHERE tenant = ? AND segment_id = ? AND seq > ?
                        AND (? IS NULL OR contact_id = ?) ORDER BY seq LIMIT ?
                        """, arguments: [tenant, id, after, contact, contact, limit]
                ).map {
                    Changes.Change(
                        seq: $0["seq"], contactId: $0["contact_id"], status: $0["status"],
                        definitionVersion: $0["version"], at: $0["at"])
                }
            }
            return Changes(segmentId: id, changes: changes)
        }
    }

    private func segment(_ id: String, tenant: String) async throws -> SegmentDirectory.Summary {
        guard let found = try await worker.database.read({ try SegmentDirectory.segment($0, tenant: tenant, id: id) })
        else { throw RosterError.notFound("segment \(id) does not exist") }
        return progress.annotated(found, tenant: tenant)
    }

    private func members(_ request: Request, id: String, tenant: String) async throws -> MemberPage {
        _ = try await segment(id, tenant: tenant)
        let query = request.uri.queryParameters
        let limit = max(1, min(query.get("limit").flatMap(Int.init) ?? 100, 1000))
        let after = query.get("after") ?? ""
        let columns = (query.get("attributes") ?? "").split(separator: ",").map(String.init)
        return try await worker.database.read { db in
            let total = try SegmentDirectory.memberCount(db, tenant: tenant, id: id)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.contact_id, m.changed_at, p.snapshot FROM memberships m
                    LEFT JOIN projected_profiles p ON p.tenant = m.tenant AND p.contact_id = m.contact_id
                    WHERE m.tenant = ? AND m.segment_id = ? AND m.member = 1 AND m.contact_id > ?
                    ORDER BY m.contact_id LIMIT ?
                    """, arguments: [tenant, id, after, limit + 1])
            let members = try rows.prefix(limit).map { row in
                var attributes: [String: JSONValue] = [:]
                if let text: String = row["snapshot"], !columns.isEmpty {
                    let facts = ContactFacts(snapshot: try Topics.profiles.decode(Array(text.utf8)), events: [])
                    for column in columns {
                        attributes[column] =
                            column == "tags"
                            ? .array(facts.tags.sorted().map(JSONValue.string))
                            : facts.attributes[column] ?? .null
                    }
                }
                return MemberPage.Member(contactId: row["contact_id"], since: row["changed_at"], attributes: attributes)
            }
            return MemberPage(
                segmentId: id, total: total, next: rows.count > limit ? members.last?.contactId : nil,
                members: members)
        }
    }

    private func why(_ db: Database, tenant: String, id: String, contact: String) throws -> Why {
        let segments = try TenantSegments.load(db, tenant: tenant)
        guard let segment = segments.ordered.first(where: { $0.id == id }) else {
            throw RosterError.notFound("segment \(id) does not exist or does not compile")
        }
        guard
            let facts = try ContactReevaluation.facts(db, tenant: tenant, contact: contact, events: segment.plan.events)
        else { throw RosterError.notFound("contact \(contact) is not held by this segmenter instance") }
        let ledger = MembershipLedger(db: db, tenant: tenant, topicPrefix: "", now: Date())
        var memberships: [String: Bool] = [:]
        for reference in segment.plan.segments {
            memberships[reference] = try ledger.isMember(segment: reference, contact: contact)
        }
        let evaluator = SegmentEvaluator(now: Date().timeIntervalSince1970) { memberships[$0] ?? false }
        return Why(
            segmentId: id, contactId: contact, member: try ledger.isMember(segment: id, contact: contact),
            explanation: evaluator.explain(segment.plan, facts))
    }
}
