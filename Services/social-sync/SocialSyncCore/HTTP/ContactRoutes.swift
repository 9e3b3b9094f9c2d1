import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// Channel contacts: counts, fields, list and search, detail, unsubscribe, delete, adding a WhatsApp contact by
/// hand, and the id export.
struct ContactRoutes {
    let store: SocialStore
    let publisher: SocialPublisher

    /// A WhatsApp contact added by hand.
    struct NewWhatsAppContact: Decodable {
        var name: String?
        /// ISO country (`TW`) whose calling code prefixes the number.
        var country: String
        /// The local number, with or without its trunk `0`.
        var number: String
        var tags: [String]?
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.get("social/counts") { request, context in
            let tenant = try context.caller().tenant
            let channel = try Channel.parse(request.uri.queryParameters.get("channel"))
            return try store.counts(tenant: tenant, channel: channel)
        }
        api.get("social/fields") { request, context in
            _ = try context.caller()
            let channel = try Channel.parse(request.uri.queryParameters.get("channel"))
            return [
                "channel": JSONValue.string(channel.rawValue), "fields": .array(channel.fields.map(JSONValue.string)),
            ]
        }
        api.get("social/contacts") { request, context in
            let tenant = try context.caller().tenant
            let query = try ContactQuery(
                parameters: SocialHTTP.parameters(request), normalizer: try store.normalizer(tenant: tenant))
            let (page, size) = try SocialHTTP.paging(request)
            let result = try store.search(tenant: tenant, query: query, limit: size, offset: (page - 1) * size)
            return SocialHTTP.ContactPage(
                channel: query.channel.rawValue, total: result.total, page: page, pageSize: size,
                contacts: try result.contacts.map(SocialHTTP.view))
        }
        api.get("social/contacts/:channel/:user_id") { _, context in
            let (tenant, channel, userID) = try target(context, writing: false)
            return try SocialHTTP.view(try existing(tenant, channel, userID))
        }
        api.post("social/contacts/:channel/:user_id/unsubscribe") { _, context in
            let (tenant, channel, userID) = try target(context, writing: true)
            _ = try existing(tenant, channel, userID)
            return try await publisher.write(
                SocialEvent(
                    id: SocialHTTP.eventID("unsubscribe"), tenant: tenant, channel: channel.rawValue,
                    channelUserId: userID, type: SocialEventKind.unsubscribed.rawValue, occurredAt: SocialHTTP.now,
                    source: "http"))
        }
        api.delete("social/contacts/:channel/:user_id") { request, context in
            let (tenant, channel, userID) = try target(context, writing: true)
            let confirm = request.uri.queryParameters.get("confirm")
            guard confirm == "DELETE" else {
                throw SocialError.invalid(
                    field: "confirm", value: confirm, reason: "must be the word DELETE: deleting is permanent")
            }
            _ = try existing(tenant, channel, userID)
            return try await publisher.write(
                SocialEvent(
                    id: SocialHTTP.eventID("delete"), tenant: tenant, channel: channel.rawValue, channelUserId: userID,
                    type: SocialEventKind.deleted.rawValue, occurredAt: SocialHTTP.now, source: "http"))
        }
        api.post("social/whatsapp/contacts") { request, context in
            let tenant = try context.writer().tenant
            let body = try await request.decode(as: NewWhatsAppContact.self, context: context)
            let phone = try Self.whatsAppNumber(country: body.country, number: body.number)
            return try await publisher.write(
                SocialEvent(
                    id: SocialHTTP.eventID("whatsapp-contact"), tenant: tenant, channel: Channel.whatsapp.rawValue,
                    channelUserId: phone, type: SocialEventKind.contactAdded.rawValue, occurredAt: SocialHTTP.now,
                    source: "http", displayName: body.name, tags: body.tags))
        }
        api.get("social/export") { request, context in
            let tenant = try context.caller().tenant
            let query = try ContactQuery(
                parameters: SocialHTTP.parameters(request), normalizer: try store.normalizer(tenant: tenant))
            var csv = query.channel.userIDLabel + "\r\n"
            try store.forEachUserID(tenant: tenant, query: query) { ids in
                for id in ids { csv += id + "\r\n" }
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"\(query.channel.rawValue)-user-ids.csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// International digits of a WhatsApp number given as an ISO country and a local number.
    static func whatsAppNumber(country: String, number: String) throws -> String {
        guard IdentifierNormalizer.knows(country: country) else {
            throw SocialError.invalid(
                field: "country", value: country,
                reason: "is not one of \(IdentifierNormalizer.countries.joined(separator: ", "))")
        }
        let local = number.filter { $0.isNumber }
        guard !local.isEmpty, !number.hasPrefix("+") else {
            throw SocialError.invalid(field: "number", value: number, reason: "must be the local number, without +")
        }
        let normalizer = IdentifierNormalizer(defaultCountry: country)
        let withTrunk = local.hasPrefix("0") ? local : "0" + local
        switch normalizer.normalize(kind: "whatsapp", value: withTrunk) {
        case .success(let phone): return phone
        case .failure(let invalid): throw SocialError.invalid(field: "number", value: number, reason: invalid.reason)
        }
    }

    private func target(_ context: RosterRequestContext, writing: Bool) throws -> (String, Channel, String) {
        let tenant = writing ? try context.writer().tenant : try context.caller().tenant
        let channel = try Channel.parse(context.parameters.get("channel"))
        return (tenant, channel, try context.parameters.require("user_id"))
    }

    private func existing(_ tenant: String, _ channel: Channel, _ userID: String) throws -> SocialContactSnapshot {
        guard let contact = try store.contact(tenant: tenant, channel: channel, userID: userID) else {
            throw RosterError.notFound("no \(channel.rawValue) contact \(userID)")
        }
        return contact
    }
}
