import Foundation
import RosterModel

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The social-sync worker as the `social` commands call it: the profile's token and `ROSTER_SOCIAL_URL`.
struct SocialAPI: Sendable {
    /// The client that carries the token.
    let client: APIClient
    /// social-sync's base URL.
    let baseURL: URL

    /// Reads the token and social-sync's URL from the profile; throws naming whichever setting is missing.
    static func load() throws -> SocialAPI {
        let profile = try Profile.load()
        return SocialAPI(
            client: APIClient(token: try profile.requireToken()), baseURL: try profile.url(of: .socialSync))
    }

    /// Sends a request and returns the 2xx answer's JSON; any other answer is thrown as social-sync's error.
    func call(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json body: Data? = nil
    ) async throws -> JSONValue {
        try await client.json(method, try Endpoint.url(baseURL, path: path, query: query), json: body)
    }

    /// Sends a GET and returns the 2xx answer's body as text (a CSV download).
    func text(_ path: String, query: [(name: String, value: String)]) async throws -> String {
        let url = try Endpoint.url(baseURL, path: path, query: query)
        let reply = try await client.send("GET", url)
        guard reply.isSuccess else { throw APIClient.error(for: reply, method: "GET", url: url) }
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// Uploads a CSV file's bytes to `POST /v1/social/imports` with the query; returns the answer's JSON, or throws
    /// social-sync's error (for a file with problems: one detail per problem, with row, column and reason).
    func upload(file path: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        try await client.upload(
            fileAt: path, contentType: "text/csv",
            to: try Endpoint.url(baseURL, path: "/v1/social/imports", query: query))
    }
}

/// The channel and search conditions a `social` command sends as query items.
public struct SocialQuery: Sendable {
    /// The channels social-sync keeps.
    public static let channels = ["line", "facebook", "instagram", "whatsapp", "wechat"]

    /// The channel.
    public var channel: String
    /// `KEY=VALUE` conditions, ANDed, in the order given.
    public var conditions: [(name: String, value: String)]

    /// Checks the channel and splits each `KEY=VALUE` condition; throws a usage error naming the bad one.
    public init(channel: String, conditions: [String]) throws {
        guard Self.channels.contains(channel) else {
            throw RosterCLIError.usage(
                "--channel must be one of \(Self.channels.joined(separator: ", "))",
                details: [.init(field: "--channel", value: channel, reason: "is not a channel")])
        }
        self.channel = channel
        self.conditions = try conditions.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw RosterCLIError.usage(
                    "--where \(text) is not KEY=VALUE",
                    details: [.init(field: "--where", value: text, reason: "must be KEY=VALUE")])
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }

    /// The query items: the channel first, then the conditions.
    public var items: [(name: String, value: String)] { [("channel", channel)] + conditions }
}
