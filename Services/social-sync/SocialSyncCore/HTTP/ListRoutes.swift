import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// Tag frequency and test lists of a channel.
struct ListRoutes {
    let store: SocialStore
    let publisher: SocialPublisher

    /// A contact to put on a test list.
    struct TestListEntry: Decodable {
        var channel: String
        var channelUserId: String
    }

    /// How many times each tag was applied in a date range.
    struct TagFrequency: ResponseEncodable {
        struct Entry: Encodable {
            var tag: String
            var times: Int
        }
        var channel: String
        var from: String
        var to: String
        var tags: [Entry]
    }

    /// A channel's test list.
    struct TestList: ResponseEncodable {
        var channel: String
        var contacts: [JSONValue]
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.get("social/tags/frequency") { request, context in
            let tenant = try context.caller().tenant
            let query = request.uri.queryParameters
            let channel = try Channel.parse(query.get("channel"))
            let from = query.get("from") ?? ""
            let to = query.get("to") ?? ""
            guard Timestamps.parse(from + "T00:00:00Z") != nil, from.count == 10 else {
                throw SocialError.invalid(field: "from", value: from, reason: "must be a date, YYYY-MM-DD")
            }
            guard Timestamps.parse(to + "T00:00:00Z") != nil, to.count == 10, from <= to else {
                throw SocialError.invalid(field: "to", value: to, reason: "must be a date, YYYY-MM-DD, not before from")
            }
            let counts = try store.tagFrequency(
                tenant: tenant, channel: channel, from: from + "T00:00:00.000Z", to: to + "T23:59:59.999Z")
            return TagFrequency(
                channel: channel.rawValue, from: from, to: to,
                tags: counts.map { TagFrequency.Entry(tag: $0, times: $1) })
        }
        api.get("social/test-list") { request, context in
            let tenant = try context.caller().tenant
            let channel = try Channel.parse(request.uri.queryParameters.get("channel"))
            return TestList(
                channel: channel.rawValue,
                contacts: try store.testList(tenant: tenant, channel: channel).map(SocialHTTP.view))
        }
        api.post("social/test-list") { request, context in
            let tenant = try context.writer().tenant
            let entry = try await request.decode(as: TestListEntry.self, context: context)
            let channel = try Channel.parse(entry.channel)
            return try await change(tenant, channel, entry.channelUserId, to: .testListAdded)
        }
        api.delete("social/test-list/:channel/:user_id") { _, context in
            let tenant = try context.writer().tenant
            let channel = try Channel.parse(context.parameters.get("channel"))
            return try await change(tenant, channel, try context.parameters.require("user_id"), to: .testListRemoved)
        }
    }

    private func change(
        _ tenant: String, _ channel: Channel, _ userID: String, to kind: SocialEventKind
    ) async throws -> EditedResponse<SocialHTTP.Accepted> {
        guard try store.contact(tenant: tenant, channel: channel, userID: userID) != nil else {
            throw RosterError.notFound("no \(channel.rawValue) contact \(userID)")
        }
        return try await publisher.write(
            SocialEvent(
                id: SocialHTTP.eventID(kind.rawValue), tenant: tenant, channel: channel.rawValue,
                channelUserId: userID, type: kind.rawValue, occurredAt: SocialHTTP.now, source: "http"))
    }
}
