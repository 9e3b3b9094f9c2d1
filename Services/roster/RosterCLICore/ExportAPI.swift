import Foundation
import RosterModel

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The exporter as `roster export` calls it: the profile's token and `ROSTER_EXPORTER_URL`.
struct ExportAPI: Sendable {
    /// The client that carries the token.
    let client: APIClient
    /// The exporter's base URL.
    let baseURL: URL

    /// How often a job is asked for its progress.
    static let pollInterval: Duration = .milliseconds(500)
    /// How long a job may stay unknown after it was requested (its request still on the way to the worker).
    static let unknownGrace: Duration = .seconds(30)

    /// Reads the token and the exporter's URL from the profile; throws naming whichever setting is missing.
    static func load() throws -> ExportAPI {
        let profile = try Profile.load()
        return ExportAPI(client: APIClient(token: try profile.requireToken()), baseURL: try profile.url(of: .exporter))
    }

    /// The path of one job, its id percent-encoded, followed by `suffix`: `/v1/exports/ID/file`.
    static func jobPath(_ id: String, _ suffix: String = "") -> String {
        "/v1/exports/" + Endpoint.encoded(id) + suffix
    }

    /// Requests the export; returns its id.
    func request(_ arguments: ExportArguments, requestedBy: String) async throws -> String {
        let answer = try await client.json(
            "POST", try Endpoint.url(baseURL, path: "/v1/exports"), json: try arguments.body(requestedBy: requestedBy))
        guard case .object(let fields) = answer, case .string(let id)? = fields["export_id"] else {
            throw RosterCLIError(code: .unexpectedResponse, message: "the exporter answered without an export_id")
        }
        return id
    }

    /// Polls the job until it is settled, telling `progress` each new line; returns its last answer.
    func follow(_ id: String, progress: (String) -> Void) async throws -> (answer: JSONValue, job: ExportJobView) {
        let url = try Endpoint.url(baseURL, path: Self.jobPath(id))
        let started = ContinuousClock.now
        var shown = ""
        while true {
            let reply = try await client.send("GET", url)
            if reply.status == 404 && ContinuousClock.now - started < Self.unknownGrace {
                try await Task.sleep(for: Self.pollInterval)
                continue
            }
            guard reply.isSuccess else { throw APIClient.error(for: reply, method: "GET", url: url) }
            let answer = try JSONDecoder().decode(JSONValue.self, from: reply.body)
            guard let job = AnswerReading.decode(ExportJobView.self, from: answer) else {
                throw RosterCLIError(code: .unexpectedResponse, message: "GET \(url) answered with an unknown shape")
            }
            if job.progressLine != shown {
                progress(job.progressLine)
                shown = job.progressLine
            }
            if job.isSettled { return (answer, job) }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    /// Downloads the job's file to `path` (streamed through a temporary file); returns its size in bytes.
    func download(_ id: String, to path: String) async throws -> Int {
        let url = try Endpoint.url(baseURL, path: Self.jobPath(id, "/file"))
        var request = URLRequest(url: url)
        request.timeoutInterval = max(client.timeout, 600)
        if let token = client.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (temporary, response): (URL, URLResponse)
        do {
            (temporary, response) = try await URLSession.shared.download(for: request)
        } catch {
            throw RosterCLIError(
                code: .unreachable, message: "GET \(url): \(error.localizedDescription)",
                details: [.init(value: url.absoluteString, reason: error.localizedDescription)], isRetriable: true)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let body = (try? Data(contentsOf: temporary)) ?? Data()
            throw APIClient.error(for: HTTPReply(status: status, body: body), method: "GET", url: url)
        }
        let destination = URL(fileURLWithPath: path)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.moveItem(at: temporary, to: destination)
        } catch {
            throw RosterCLIError(
                code: .init(rawValue: "unwritable_file"),
                message: "cannot write \(path): \(error.localizedDescription)",
                details: [.init(field: "--output", value: path, reason: "cannot be written")])
        }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
