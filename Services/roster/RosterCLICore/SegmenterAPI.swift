import Foundation
import RosterModel

/// The segmenter as the `segments` commands call it: the profile's token and `ROSTER_SEGMENTER_URL`.
struct SegmenterAPI: Sendable {
    /// The client that carries the token.
    let client: APIClient
    /// The segmenter's base URL.
    let baseURL: URL

    /// Reads the token and the segmenter's URL from the profile; throws naming whichever setting is missing.
    static func load() throws -> SegmenterAPI {
        let profile = try Profile.load()
        return SegmenterAPI(
            client: APIClient(token: try profile.requireToken()), baseURL: try profile.url(of: .segmenter))
    }

    /// The path of one segment, its id percent-encoded, followed by `suffix`: `/v1/segments/ID/members`.
    static func segmentPath(_ id: String, _ suffix: String = "") -> String {
        "/v1/segments/" + Endpoint.encoded(id) + suffix
    }

    /// Sends a request and returns the 2xx answer's JSON; any other answer is thrown as the segmenter's error.
    func call(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json body: Data? = nil
    ) async throws -> JSONValue {
        try await client.json(method, try Endpoint.url(baseURL, path: path, query: query), json: body)
    }
}
