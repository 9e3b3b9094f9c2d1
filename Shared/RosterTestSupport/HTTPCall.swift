import Foundation
import RosterRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP call of a test to a worker, as the dev tenant's admin unless told otherwise.
public enum HTTPCall {
    /// Calls `url`; returns the status and the body. `json` (an object, or a `String` sent as it is) is sent as
    /// `application/json`; `body` as it is.
    public static func send(
        _ method: String, _ url: String, token: String? = TestTokens.admin, json: Any? = nil, body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody =
                try (json as? String).map { Data($0.utf8) } ?? JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    /// Calls `path` on a worker's server, once it listens (waiting up to 90 s for it to start).
    public static func send(
        to worker: WorkerContext, _ method: String, _ path: String, token: String? = TestTokens.admin,
        json: Any? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, body: Data) {
        guard await eventually(timeout: .seconds(90), { worker.httpPort != nil }), let port = worker.httpPort else {
            throw RosterError.startup("the \(worker.config.name) HTTP server did not start")
        }
        return try await send(
            method, "http://127.0.0.1:\(port)\(path)", token: token, json: json, body: body, headers: headers)
    }

    /// The body as a JSON object; empty when it is not one.
    public static func object(_ body: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
}
