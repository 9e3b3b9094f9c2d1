import Foundation
import RosterModel

/// Posts contact events to ingest's `POST /v1/events` in chunks of `chunkSize`, and adds up what it accepted.
public struct EventPublisher: Sendable {
    /// Events per request.
    public static let chunkSize = 500

    /// What ingest accepted, over all chunks: `{"accepted", "event_ids"}`.
    public struct Accepted: Codable, Sendable, Equatable {
        /// How many events were accepted.
        public var accepted: Int
        /// Their ids, in file order.
        public var eventIds: [String]

        /// Makes a total.
        public init(accepted: Int, eventIds: [String]) {
            self.accepted = accepted
            self.eventIds = eventIds
        }
    }

    /// The client that carries the token.
    public let client: APIClient
    /// Ingest's base URL.
    public let ingestURL: URL

    /// Makes a publisher to one ingest worker.
    public init(client: APIClient, ingestURL: URL) {
        self.client = client
        self.ingestURL = ingestURL
    }

    /// The request body for some lines: `{"events": [...]}`, each line's JSON as it is in the file.
    public static func body(for lines: some Collection<JSONLReader.Line>) -> Data {
        var body = Data(#"{"events":["#.utf8)
        for (index, line) in lines.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(line.json)
        }
        body.append(contentsOf: Array("]}".utf8))
        return body
    }

    /// Publishes every line, chunk by chunk, and calls `progress` with the count sent so far. A refused chunk throws
    /// the worker's error, its rows turned into the file's line numbers, and says how many events went before it.
    public func publish(
        _ lines: [JSONLReader.Line], progress: (_ sent: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Accepted {
        var total = Accepted(accepted: 0, eventIds: [])
        let url = try Endpoint.url(ingestURL, path: "/v1/events")
        for start in stride(from: 0, to: lines.count, by: Self.chunkSize) {
            let chunk = lines[start..<min(start + Self.chunkSize, lines.count)]
            do {
                let answer = try await client.decode(Accepted.self, "POST", url, json: Self.body(for: chunk))
                total.accepted += answer.accepted
                total.eventIds += answer.eventIds
            } catch let error as RosterCLIError {
                throw Self.located(error, chunk: chunk, acceptedBefore: total.accepted)
            }
            progress(start + chunk.count, lines.count)
        }
        return total
    }

    /// The error with each detail's row (1-based within the chunk) turned into its line number in the file, and a
    /// detail saying how many events earlier chunks had accepted.
    public static func located(
        _ error: RosterCLIError, chunk: ArraySlice<JSONLReader.Line>, acceptedBefore: Int
    ) -> RosterCLIError {
        var details = error.details.map { detail in
            var detail = detail
            if let row = detail.row, row >= 1, row <= chunk.count {
                detail.row = chunk[chunk.startIndex + row - 1].number
            }
            return detail
        }
        if acceptedBefore > 0, let first = chunk.first {
            details.append(.init(reason: "\(acceptedBefore) events before line \(first.number) were accepted"))
        }
        return error.withDetails(details)
    }
}
