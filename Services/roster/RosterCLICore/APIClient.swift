import Foundation
import RosterModel

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A worker's answer: its HTTP status and body.
public struct HTTPReply: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The body's bytes.
    public var body: Data

    /// Makes a reply.
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// The CLI's HTTP client for the workers' JSON APIs: the bearer token, a time limit, and every failure turned into
/// a `RosterCLIError` (a worker's own error passes through with its code, message and details).
public struct APIClient: Sendable {
    /// The bearer token sent as `Authorization`, if any.
    public let token: String?
    /// Seconds to wait for an answer.
    public let timeout: TimeInterval
    private let session: URLSession

    /// Makes a client; `timeout` bounds each request.
    public init(token: String?, timeout: TimeInterval = 30, session: URLSession = .shared) {
        self.token = token
        self.timeout = timeout
        self.session = session
    }

    /// Sends a request and returns whatever the worker answers; throws only when no answer came.
    public func send(_ method: String, _ url: URL, json body: Data? = nil) async throws -> HTTPReply {
        var request = URLRequest(url: url)
        // Set after init: on Linux, `URLRequest(url:timeoutInterval:)` leaves a request that never times out.
        request.timeoutInterval = timeout
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw RosterCLIError(code: .unexpectedResponse, message: "\(method) \(url) gave no HTTP answer")
            }
            return HTTPReply(status: http.statusCode, body: data)
        } catch let error as RosterCLIError {
            throw error
        } catch {
            throw transportError(error, method: method, url: url)
        }
    }

    /// Sends a request and returns the JSON body of a 2xx answer; any other answer is thrown as the worker's error.
    public func json(_ method: String, _ url: URL, json body: Data? = nil) async throws -> JSONValue {
        try await decode(JSONValue.self, method, url, json: body)
    }

    /// Sends a request and decodes a 2xx answer (snake_case keys); any other answer is thrown as the worker's error.
    public func decode<T: Decodable>(
        _ type: T.Type, _ method: String, _ url: URL, json body: Data? = nil
    ) async throws -> T {
        let reply = try await send(method, url, json: body)
        guard reply.isSuccess else { throw Self.error(for: reply, method: method, url: url) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: reply.body)
        } catch {
            throw RosterCLIError(
                code: .unexpectedResponse,
                message: "\(method) \(url) answered \(reply.status) with a body the CLI cannot read: \(error)",
                httpStatus: reply.status)
        }
    }

    /// The size of a file about to be sent; a file that cannot be read is an error naming it.
    public static func fileSize(_ path: String) throws -> Int {
        do {
            return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw RosterCLIError(
                code: .unreadableFile, message: "cannot read \(path): \(error.localizedDescription)",
                details: [.init(value: path, reason: "cannot be read")])
        }
    }

    /// Streams a file from disk as the raw body of `POST url` and returns the 2xx answer's JSON; any other answer is
    /// thrown as the worker's error. Reading a large file can take a while, so ten minutes are allowed.
    public func upload(fileAt path: String, contentType: String, to url: URL) async throws -> JSONValue {
        _ = try Self.fileSize(path)
        var request = URLRequest(url: url)
        request.timeoutInterval = max(timeout, 600)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let reply: HTTPReply
        do {
            let (data, response) = try await session.upload(for: request, fromFile: URL(fileURLWithPath: path))
            reply = HTTPReply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            throw transportError(error, method: "POST", url: url)
        }
        guard reply.isSuccess else { throw Self.error(for: reply, method: "POST", url: url) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: reply.body)
        } catch {
            throw RosterCLIError(
                code: .unexpectedResponse, message: "POST \(url) answered with a body the CLI cannot read: \(error)")
        }
    }

    /// The error a non-2xx answer means: the worker's own error when the body has the error shape, otherwise one
    /// made from the status.
    public static func error(for reply: HTTPReply, method: String, url: URL) -> RosterCLIError {
        let retriable = reply.status == 429 || reply.status >= 500
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: reply.body) {
            return RosterCLIError(
                code: .init(rawValue: body.error.code), message: body.error.message, details: body.error.details,
                httpStatus: reply.status, isRetriable: retriable)
        }
        let code: RosterCLIError.Code =
            switch reply.status {
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 500...: .serverError
            default: .unexpectedResponse
            }
        var message =
            "\(method) \(url) answered \(reply.status) \(HTTPURLResponse.localizedString(forStatusCode: reply.status))"
        let text = String(decoding: reply.body.prefix(200), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        if !text.isEmpty { message += ": \(text)" }
        return RosterCLIError(code: code, message: message, httpStatus: reply.status, isRetriable: retriable)
    }

    private func transportError(_ error: any Error, method: String, url: URL) -> RosterCLIError {
        let code = (error as? URLError)?.code
        let reason: String
        switch code {
        case .timedOut?: reason = "no answer within \(Self.seconds(timeout))"
        case .cannotConnectToHost?: reason = "connection refused"
        case .cannotFindHost?, .dnsLookupFailed?: reason = "host not found"
        case .networkConnectionLost?: reason = "connection lost"
        default: reason = (error as NSError).localizedDescription
        }
        return RosterCLIError(
            code: code == .timedOut ? .timeout : .unreachable, message: "\(method) \(url): \(reason)",
            details: [.init(value: url.absoluteString, reason: reason)], isRetriable: true)
    }

    private static func seconds(_ interval: TimeInterval) -> String {
        interval == interval.rounded() ? "\(Int(interval)) s" : "\(interval) s"
    }
}

/// Worker URLs: a base URL, a path and query items, percent-encoded strictly (`+`, `/`, `:` and `@` included).
public enum Endpoint {
    /// The base URL joined with `path` (which starts with `/`) and the query items, in order.
    public static func url(_ base: URL, path: String, query: [(name: String, value: String)] = []) throws -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(encoded($0.name))=\(encoded($0.value))" }.joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw RosterCLIError(code: .invalidSetting, message: "\(text) is not a valid URL")
        }
        return url
    }

    /// Percent-encodes everything but the unreserved characters of RFC 3986 (letters, digits, `-._~`).
    public static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
