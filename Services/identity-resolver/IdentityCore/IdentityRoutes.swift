import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// The resolver's read API: the 360° view by id or identifier, merge explanations and category counts.
struct IdentityRoutes {
    let store: IdentityStore
    let normalizer: IdentifierNormalizer

    /// The 360° view of a contact.
    struct ContactView: ResponseCodable {
        var contactId: String
        var identifiers: [String: [String]]
        var attributes: [String: JSONValue]
        var tags: [String]
        var subscriptions: Subscriptions
        var createdAt: String
        var updatedAt: String
        var merges: [MergeRecord]
    }

    func add(to group: RouterGroup<RosterRequestContext>) {
        group.get("contacts/counts") { _, context in
            CountsResponse(counts: try store.counts(tenant: try context.caller().tenant))
        }
        group.get("contacts/:id") { _, context in
            try view(tenant: try context.caller().tenant, id: try context.parameters.require("id"))
        }
        group.get("contacts/:id/why") { _, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            return MergesResponse(contactId: id, merges: try view(tenant: tenant, id: id).merges)
        }
        group.get("contacts") { request, context in
            let tenant = try context.caller().tenant
            guard let query = request.uri.queryParameters.get("identifier"), let colon = query.firstIndex(of: ":")
            else {
                throw RosterError.invalid("give ?identifier=KIND:VALUE")
            }
            let kind = String(query[..<colon])
            let raw = String(query[query.index(after: colon)...])
            let value: String
            switch normalizer.normalize(kind: kind, value: raw) {
            case .success(let normalized): value = normalized
            case .failure(let invalid):
                throw RosterError.invalid(
                    "identifier \(kind) \(raw) \(invalid.reason)",
                    details: [.init(field: kind, value: raw, reason: invalid.reason)])
            }
            guard let id = try store.contactID(tenant: tenant, kind: kind, value: value) else {
                throw RosterError.notFound("no contact has \(kind) \(value)")
            }
            return try view(tenant: tenant, id: id)
        }
    }

    private func view(tenant: String, id: String) throws -> ContactView {
        guard let contact = try store.contact(tenant: tenant, id: id) else {
            throw RosterError.notFound("no contact \(id)")
        }
        return ContactView(
            contactId: contact.contactId, identifiers: contact.identifiers, attributes: contact.attributes,
            tags: contact.tags, subscriptions: contact.subscriptions, createdAt: contact.createdAt,
            updatedAt: contact.updatedAt, merges: try store.merges(tenant: tenant, survivor: id))
    }

    struct CountsResponse: ResponseEncodable {
        var counts: CategoryCounts

        func encode(to encoder: any Encoder) throws { try counts.encode(to: encoder) }
    }

    struct MergesResponse: ResponseEncodable {
        var contactId: String
        var merges: [MergeRecord]
    }
}

extension MergeRecord: ResponseEncodable {}
