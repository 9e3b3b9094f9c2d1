import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// Pieces every route of the worker shares: the answer to a write, paging, and contacts shown with their
/// channel's fields.
enum SocialHTTP {
    /// The answer to a write: the event id, and what the write did when the worker applied it in time.
    struct Accepted: ResponseEncodable {
        var eventId: String
        var applied: Bool
        var channelUserId: String?
    }

    /// A page of contacts.
    struct ContactPage: ResponseEncodable {
        var channel: String
        var total: Int
        var page: Int
        var pageSize: Int
        var contacts: [JSONValue]
    }

    /// The query parameters in order.
    static func parameters(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// `page` (from 1) and `page_size` (1 to 1000, default 50) → limit and offset.
    static func paging(_ request: Request) throws -> (page: Int, size: Int) {
        let query = request.uri.queryParameters
        let pageText = query.get("page") ?? "1"
        let sizeText = query.get("page_size") ?? "50"
        guard let page = Int(pageText), page >= 1 else {
            throw SocialError.invalid(field: "page", value: pageText, reason: "must be a number from 1")
        }
        guard let size = Int(sizeText), (1...1000).contains(size) else {
            throw SocialError.invalid(field: "page_size", value: sizeText, reason: "must be 1 to 1000")
        }
        return (page, size)
    }

    /// A contact as the detail view and lists show it: exactly its channel's fields, null where not set.
    static func view(_ contact: SocialContactSnapshot) throws -> JSONValue {
        let all = try WireCodec.decode([String: JSONValue].self, from: try WireCodec.encode(contact))
        let fields = (Channel(rawValue: contact.channel) ?? .line).fields
        var shown: [String: JSONValue] = ["channel": .string(contact.channel)]
        for field in fields { shown[field] = all[field] ?? .null }
        return .object(shown)
    }

    /// The current time as events carry it.
    static var now: String { Timestamps.format(Date()) }

    /// A new unique id for an API write.
    static func eventID(_ action: String) -> String { "http:\(action):\(UUID().uuidString.lowercased())" }
}

extension JSONValue: ResponseGenerator {}
extension JSONValue: ResponseEncodable {}

extension SocialPublisher {
    /// Publishes an API write's event and waits a bounded time for this worker to apply it; answers 202 with the
    /// event id and whether it was applied in that time (then reads already show its effect).
    func write(_ event: SocialEvent) async throws -> EditedResponse<SocialHTTP.Accepted> {
        try await publish([event])
        let applied = try await waitApplied(event.id)
        return EditedResponse(
            status: .accepted,
            response: SocialHTTP.Accepted(eventId: event.id, applied: applied, channelUserId: event.channelUserId))
    }
}
