import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import RosterModel
import RosterRuntime

/// The segment writes: create, edit, copy, delete, batch delete, move, and groups. Each validates, publishes on
/// `cdp.segment-definitions` and answers with the applied result (201/200), or 202 with the event id when this
/// instance has not applied it within the wait.
struct SegmentWriteRoutes {
    let writer: SegmentWriter

    /// A definition with the group it goes in; a field its clusters or rule do not have is refused
    /// (`DefinitionFields`).
    struct Body: Decodable {
        var name: String
        var type: SegmentDefinition.Kind
        var clusters: [Cluster]?
        var rule: SegmentRule?
        var groupId: String?

        var definition: SegmentDefinition { SegmentDefinition(name: name, type: type, clusters: clusters, rule: rule) }

        private enum CodingKeys: String, CodingKey {
            case name, type, clusters, rule, groupId
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try container.decode(SegmentDefinition.Kind.self, forKey: .type)
            clusters = try container.decodeIfPresent([Cluster].self, forKey: .clusters)
            rule = try container.decodeIfPresent(SegmentRule.self, forKey: .rule)
            groupId = try container.decodeIfPresent(String.self, forKey: .groupId)
            if let unknown = DefinitionFields.unknown(
                clusters: try container.decodeIfPresent(JSONValue.self, forKey: .clusters),
                rule: try container.decodeIfPresent(JSONValue.self, forKey: .rule))
            {
                throw SegmentCompiler.invalid(unknown.field ?? "", nil, unknown.reason)
            }
        }
    }

    struct Selection: Decodable {
        var segmentIds: [String]
        var groupId: String?
    }

    struct GroupBody: Decodable {
        var name: String
    }

    /// A write not yet applied here when the wait ended.
    struct Accepted: ResponseEncodable {
        var eventIds: [String]
        var segmentIds: [String]
    }

    struct Deleted: ResponseEncodable {
        var deleted: [String]
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.post("segments") { request, context in
            let principal = try context.writer()
            let body = try await request.decode(as: Body.self, context: context)
            let id = SegmentWriter.newID("seg")
            let record = try upsert(id, body.definition, version: 1, group: body.groupId, request, principal)
            return try await answer([record], status: .created, computed: true, request: request, context: context)
        }
        api.put("segments/:id") { request, context in
            let principal = try context.writer()
            let id = try context.parameters.require("id")
            let current = try existing(id, tenant: principal.tenant)
            let body = try await request.decode(as: Body.self, context: context)
            var record = try upsert(
                id, body.definition, version: current.version + 1, group: body.groupId ?? current.groupId, request,
                principal)
            record.createdAt = current.createdAt
            record.createdBy = current.createdBy
            return try await answer([record], status: .ok, computed: true, request: request, context: context)
        }
        api.post("segments/:id/copy") { request, context in
            let principal = try context.writer()
            let source = try existing(try context.parameters.require("id"), tenant: principal.tenant)
            guard var definition = source.definition else { throw RosterError.notFound("segment has no definition") }
            definition.name += "_copy"
            let record = try upsert(
                SegmentWriter.newID("seg"), definition, version: 1, group: source.builtin ? nil : source.groupId,
                request, principal)
            return try await answer([record], status: .created, computed: true, request: request, context: context)
        }
        api.delete("segments/:id") { request, context in
            let principal = try context.writer()
            let ids = [try context.parameters.require("id")]
            return try await delete(ids, request: request, context: context, principal: principal)
        }
        api.post("segments/batch-delete") { request, context in
            let principal = try context.writer()
            let selection = try await request.decode(as: Selection.self, context: context)
            return try await delete(selection.segmentIds, request: request, context: context, principal: principal)
        }
        api.post("segments/move") { request, context in
            let principal = try context.writer()
            let selection = try await request.decode(as: Selection.self, context: context)
            let group = try target(group: selection.groupId, tenant: principal.tenant)
            let records = try selection.segmentIds.map { id in
                let current = try existing(id, tenant: principal.tenant)
                guard !current.builtin, let definition = current.definition else {
                    throw RosterError.invalid("segment \(id) is built in and stays in its group")
                }
                var record = try upsert(id, definition, version: current.version, group: group, request, principal)
                record.createdAt = current.createdAt
                record.createdBy = current.createdBy
                return record
            }
            return try await answer(records, status: .ok, request: request, context: context)
        }
        api.post("segment-groups") { request, context in
            let principal = try context.writer()
            let body = try await request.decode(as: GroupBody.self, context: context)
            guard !body.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RosterError.invalid("a group needs a name", details: [.init(field: "name", reason: "is empty")])
            }
            let record = SegmentRecord(
                id: SegmentWriter.newID("def"), tenant: principal.tenant, kind: .group, action: .upsert,
                groupId: SegmentWriter.newID("grp"), name: body.name, actor: actor(request, principal),
                at: Timestamps.format(Date()))
            guard try await writer.publish([record]) else {
                return try Accepted(eventIds: [record.id], segmentIds: []).response(
                    from: request, context: context
                ).withStatus(.accepted)
            }
            let groups = try await writer.worker.database.read {
                try SegmentDirectory.groups($0, tenant: principal.tenant)
            }
            return try groups.first { $0.groupId == record.groupId }!.response(from: request, context: context)
                .withStatus(.created)
        }
        api.delete("segment-groups/:id") { request, context in
            let principal = try context.writer()
            let id = try context.parameters.require("id")
            let groups = try await writer.worker.database.read {
                try SegmentDirectory.groups($0, tenant: principal.tenant)
            }
            guard let group = groups.first(where: { $0.groupId == id }) else {
                throw RosterError.notFound("segment group \(id) does not exist")
            }
            guard !group.builtin else { throw RosterError.invalid("group \(id) is built in and cannot be deleted") }
            let record = SegmentRecord(
                id: SegmentWriter.newID("def"), tenant: principal.tenant, kind: .group, action: .delete, groupId: id,
                actor: actor(request, principal), at: Timestamps.format(Date()))
            let applied = try await writer.publish([record])
            return try Deleted(deleted: [id]).response(from: request, context: context)
                .withStatus(applied ? .ok : .accepted)
        }
    }

    private func upsert(
        _ id: String, _ definition: SegmentDefinition, version: Int, group: String?, _ request: Request,
        _ principal: Principal
    ) throws -> SegmentRecord {
        try writer.validate(definition, tenant: principal.tenant, segmentID: id)
        let now = Timestamps.format(Date())
        return SegmentRecord(
            id: SegmentWriter.newID("def"), tenant: principal.tenant, kind: .segment, action: .upsert, segmentId: id,
            groupId: try target(group: group, tenant: principal.tenant), version: version, definition: definition,
            actor: actor(request, principal), at: now, createdAt: now, createdBy: actor(request, principal))
    }

    /// The stored group a segment goes in; `nil` for none or a built-in view (`all`, `mine`).
    private func target(group: String?, tenant: String) throws -> String? {
        guard let group, !["all", "mine"].contains(group) else { return nil }
        let groups = try writer.worker.database.read { try SegmentDirectory.groups($0, tenant: tenant) }
        guard let found = groups.first(where: { $0.groupId == group }), !found.builtin else {
            throw RosterError.invalid(
                "segment group \(group) does not exist or is built in",
                details: [.init(field: "group_id", value: group, reason: "is not a custom group")])
        }
        return group
    }

    private func existing(_ id: String, tenant: String) throws -> SegmentDirectory.Summary {
        guard
            let summary = try writer.worker.database.read({ try SegmentDirectory.segment($0, tenant: tenant, id: id) })
        else { throw RosterError.notFound("segment \(id) does not exist") }
        return summary
    }

    private func delete(
        _ ids: [String], request: Request, context: RosterRequestContext, principal: Principal
    ) async throws -> Response {
        guard !ids.isEmpty else { throw RosterError.invalid("give at least one segment id") }
        let records = try ids.map { id in
            let current = try existing(id, tenant: principal.tenant)
            guard !current.builtin else { throw RosterError.invalid("segment \(id) is built in and cannot be deleted") }
            let referrers = try writer.referrers(of: id, tenant: principal.tenant).filter { !ids.contains($0) }
            guard referrers.isEmpty else {
                throw RosterError(
                    code: "segment_in_use",
                    message: "segment \(id) is referenced by \(referrers.joined(separator: ", "))",
                    details: referrers.map { .init(field: "segment", value: $0, reason: "references \(id)") },
                    status: .conflict)
            }
            return SegmentRecord(
                id: SegmentWriter.newID("def"), tenant: principal.tenant, kind: .segment, action: .delete,
                segmentId: id,
                actor: actor(request, principal), at: Timestamps.format(Date()))
        }
        let applied = try await writer.publish(records)
        return try Deleted(deleted: ids).response(from: request, context: context).withStatus(applied ? .ok : .accepted)
    }

    /// Publishes the records and answers with the segments once applied (and, when `computed`, once their full
    /// computations are done, within the wait), or 202 with the event ids.
    private func answer(
        _ records: [SegmentRecord], status: HTTPResponse.Status, computed: Bool = false, request: Request,
        context: RosterRequestContext
    ) async throws -> Response {
        let ids = records.compactMap(\.segmentId)
        guard try await writer.publish(records, computed: computed ? ids : []) else {
            return try Accepted(eventIds: records.map(\.id), segmentIds: ids).response(from: request, context: context)
                .withStatus(.accepted)
        }
        let tenant = try context.caller().tenant
        let summaries = try await writer.worker.database.read { db in
            try ids.compactMap { try SegmentDirectory.segment(db, tenant: tenant, id: $0) }
        }.map { writer.progress.annotated($0, tenant: tenant) }
        if summaries.count == 1 { return try summaries[0].response(from: request, context: context).withStatus(status) }
        return try SegmentReadRoutes.SegmentList(segments: summaries).response(from: request, context: context)
            .withStatus(status)
    }

    /// Who is writing: the `X-Roster-User` header, or the token's role.
    private func actor(_ request: Request, _ principal: Principal) -> String {
        request.headers[HTTPField.Name("X-Roster-User")!] ?? principal.role.rawValue
    }
}

extension SegmentDirectory.Summary: ResponseEncodable {}
extension SegmentDirectory.Group: ResponseEncodable {}

extension Response {
    /// The response with another status.
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}
