import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// The small admin API of the tenant's teammates and stores (create or replace, list).
struct OMORoutes {
    let store: SocialStore
    let publisher: SocialPublisher

    /// A teammate to save.
    struct TeammateRequest: Decodable {
        var teammateId: String
        var name: String?
        var role: String
        var storeCode: String
    }

    /// A store to save.
    struct StoreRequest: Decodable {
        var storeCode: String
        var name: String?
    }

    struct Teammates: ResponseEncodable {
        var teammates: [OMODirectory.Teammate]
    }

    struct Stores: ResponseEncodable {
        var stores: [OMODirectory.Store]
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.get("social/teammates") { _, context in
            Teammates(teammates: try store.teammates(tenant: try context.caller().tenant))
        }
        api.get("social/stores") { _, context in
            Stores(stores: try store.stores(tenant: try context.caller().tenant))
        }
        api.post("social/stores") { request, context in
            let tenant = try context.writer().tenant
            let body = try await request.decode(as: StoreRequest.self, context: context)
            guard !body.storeCode.isEmpty else {
                throw SocialError.invalid(field: "store_code", value: body.storeCode, reason: "must not be empty")
            }
            return try await publisher.write(
                SocialEvent(
                    id: SocialHTTP.eventID("store"), tenant: tenant, channel: "omo",
                    channelUserId: "store:\(body.storeCode)", type: SocialEventKind.storeSaved.rawValue,
                    occurredAt: SocialHTTP.now, source: "http", displayName: body.name, storeCode: body.storeCode))
        }
        api.post("social/teammates") { request, context in
            let tenant = try context.writer().tenant
            let body = try await request.decode(as: TeammateRequest.self, context: context)
            guard teammateRoles.contains(body.role) else {
                throw SocialError.invalid(
                    field: "role", value: body.role,
                    reason: "must be one of \(teammateRoles.sorted().joined(separator: ", "))")
            }
            guard !body.teammateId.isEmpty, body.teammateId != unassignedTeammate else {
                throw SocialError.invalid(field: "teammate_id", value: body.teammateId, reason: "must be an id")
            }
            guard try store.stores(tenant: tenant).contains(where: { $0.storeCode == body.storeCode }) else {
                throw SocialError.invalid(
                    field: "store_code", value: body.storeCode, reason: "is not a store of this tenant")
            }
            return try await publisher.write(
                SocialEvent(
                    id: SocialHTTP.eventID("teammate"), tenant: tenant, channel: "omo",
                    channelUserId: "teammate:\(body.teammateId)", type: SocialEventKind.teammateSaved.rawValue,
                    occurredAt: SocialHTTP.now, source: "http", displayName: body.name, teammate: body.teammateId,
                    storeCode: body.storeCode, role: body.role))
        }
    }
}
