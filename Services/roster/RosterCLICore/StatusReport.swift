import Foundation
import RosterModel

/// What `roster status` reports: whether every worker is ready, and each worker's row.
public struct StatusReport: Codable, Sendable, Equatable {
    /// True when every worker answered ready.
    public var ready: Bool
    /// One row per worker, in the order of `Worker.allCases`.
    public var workers: [WorkerStatus]

    /// Makes a report from the workers' rows; it is ready when they all are.
    public init(workers: [WorkerStatus]) {
        self.ready = !workers.isEmpty && workers.allSatisfy(\.ready)
        self.workers = workers
    }

    /// The report as a table, with a summary line.
    public var table: String {
        let rows = workers.map { row in
            [
                row.worker, row.state, row.lag.map(String.init) ?? "-", row.partitions.map(String.init) ?? "-",
                row.url ?? "-", row.error ?? "",
            ]
        }
        let readyCount = workers.filter(\.ready).count
        let summary = ready ? "all \(workers.count) workers ready" : "\(readyCount) of \(workers.count) workers ready"
        return TextFormat.table(["WORKER", "STATE", "LAG", "PARTITIONS", "URL", "NOTE"], rows) + "\n\n" + summary
    }
}

/// One worker's row of `roster status`; unknown values are `null` in JSON, never missing.
public struct WorkerStatus: Codable, Sendable, Equatable {
    /// The worker's name (`ingest`).
    public var worker: String
    /// The base URL asked, or nil when none is configured.
    public var url: String?
    /// Whether the worker answered at all.
    public var reachable: Bool
    /// Whether it answered ready (200, and its body does not say otherwise).
    public var ready: Bool
    /// Its consumers' total lag, when it reported one.
    public var lag: Int64?
    /// How many topic partitions its consumers hold, when it reported them.
    public var partitions: Int?
    /// Why it is unreachable or not usable, if so.
    public var error: String?

    /// Makes a row.
    public init(
        worker: String, url: String?, reachable: Bool, ready: Bool, lag: Int64? = nil, partitions: Int? = nil,
        error: String? = nil
    ) {
        self.worker = worker
        self.url = url
        self.reachable = reachable
        self.ready = ready
        self.lag = lag
        self.partitions = partitions
        self.error = error
    }

    /// Reads a worker's `/readyz` answer: `{"worker", "ready", "lag", "consumers": {name: {"partitions": [...]}}}`
    /// with 200 when ready and 503 when not. An answer from another worker than expected counts as not ready.
    public init(worker: Worker, url: String, readyz reply: HTTPReply) {
        self.init(worker: worker.name, url: url, reachable: true, ready: false)
        guard reply.status == 200 || reply.status == 503 else {
            error = "/readyz answered \(reply.status)"
            return
        }
        guard case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: reply.body) else {
            ready = reply.status == 200
            return
        }
        if case .string(let name)? = body["worker"], name != worker.name {
            error = "this URL serves \(name), not \(worker.name)"
            return
        }
        ready = reply.status == 200 && body["ready"] != .bool(false)
        var consumerLag: Int64 = 0
        var held: Set<String> = []
        if case .object(let consumers)? = body["consumers"] {
            for case .object(let consumer) in consumers.values {
                if case .int(let lag)? = consumer["lag"] { consumerLag += lag }
                if case .array(let partitions)? = consumer["partitions"] {
                    held.formUnion(partitions.compactMap(\.text))
                }
            }
            partitions = held.count
        }
        if case .int(let lag)? = body["lag"] {
            self.lag = lag
        } else if partitions != nil {
            self.lag = consumerLag
        }
    }

    /// `ready`, `not ready` or `unreachable`.
    public var state: String { ready ? "ready" : reachable ? "not ready" : "unreachable" }

    private enum CodingKeys: String, CodingKey {
        case worker, url, reachable, ready, lag, partitions, error
    }

    /// Encodes every key, unknown values as `null`, so that the shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(worker, forKey: .worker)
        try container.encode(url, forKey: .url)
        try container.encode(reachable, forKey: .reachable)
        try container.encode(ready, forKey: .ready)
        try container.encode(lag, forKey: .lag)
        try container.encode(partitions, forKey: .partitions)
        try container.encode(error, forKey: .error)
    }
}
