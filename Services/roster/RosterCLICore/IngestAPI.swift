import Foundation
import RosterModel

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The ingest worker as the `import` commands call it: the profile's token and `ROSTER_INGEST_URL`.
struct IngestAPI: Sendable {
    /// The client that carries the token.
    let client: APIClient
    /// Ingest's base URL.
    let baseURL: URL

    /// Reads the token and ingest's URL from the profile; throws naming whichever setting is missing.
    static func load() throws -> IngestAPI {
        let profile = try Profile.load()
        return IngestAPI(client: APIClient(token: try profile.requireToken()), baseURL: try profile.url(of: .ingest))
    }

    /// The path of one job, its id percent-encoded, followed by `suffix`: `/v1/imports/ID/start`.
    static func jobPath(_ id: String, _ suffix: String = "") -> String {
        "/v1/imports/" + Endpoint.encoded(id) + suffix
    }

    /// Sends a request and returns the 2xx answer's JSON; any other answer is thrown as ingest's error.
    func call(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json body: Data? = nil
    ) async throws -> JSONValue {
        try await client.json(method, try Endpoint.url(baseURL, path: path, query: query), json: body)
    }

    /// Sends a request and returns the 2xx answer's body as text (a CSV download).
    func text(_ path: String) async throws -> String {
        let url = try Endpoint.url(baseURL, path: path)
        let reply = try await client.send("GET", url)
        guard reply.isSuccess else { throw APIClient.error(for: reply, method: "GET", url: url) }
        var text = String(decoding: reply.body, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// Uploads a file as the raw body of `POST /v1/imports` with the query, streaming it from disk; returns the
    /// preview. A file over 100 MB is refused before anything is sent.
    func upload(file path: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        let size = try APIClient.fileSize(path)
        guard size <= ImportArguments.maxBytes else {
            throw RosterCLIError(
                code: .init(rawValue: "file_too_large"),
                message: "\(path) is larger than 100 MB, the most an import takes; split it",
                details: [.init(value: path, reason: "is \(size) bytes")])
        }
        return try await client.upload(
            fileAt: path, contentType: "application/octet-stream",
            to: try Endpoint.url(baseURL, path: "/v1/imports", query: query))
    }
}
