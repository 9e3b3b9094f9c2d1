import Foundation

/// The segmenter's own settings, beyond every worker's `WorkerConfig`, read from the environment.
public struct SegmenterSettings: Sendable {
    /// How often relative-time segments are re-evaluated. `ROSTER_SEGMENT_TICK_SECONDS`, default 60.
    public var tick: Duration
    /// How long the membership changelog is kept. `ROSTER_SEGMENT_HISTORY_DAYS`, default 90.
    public var historyDays: Int
    /// How long an HTTP write waits for its definition to be applied (and a created or edited segment computed)
    /// before answering. Default 10 s.
    public var writeWait: Duration
    /// Contacts a full computation evaluates and records per transaction. `ROSTER_SEGMENT_CHUNK_CONTACTS`, default
    /// 100,000.
    public var computationChunk: Int

    public init(
        tick: Duration = .seconds(60), historyDays: Int = 90, writeWait: Duration = .seconds(10),
        computationChunk: Int = 100_000
    ) {
        self.tick = tick
        self.historyDays = historyDays
        self.writeWait = writeWait
        self.computationChunk = computationChunk
    }

    /// The settings from `ROSTER_SEGMENT_*` variables, defaults for the rest.
    public init(environment: [String: String]) {
        self.init()
        if let seconds = environment["ROSTER_SEGMENT_TICK_SECONDS"].flatMap(Double.init), seconds > 0 {
            tick = .milliseconds(Int(seconds * 1000))
        }
        if let days = environment["ROSTER_SEGMENT_HISTORY_DAYS"].flatMap(Int.init), days > 0 { historyDays = days }
        if let chunk = environment["ROSTER_SEGMENT_CHUNK_CONTACTS"].flatMap(Int.init), chunk > 0 {
            computationChunk = chunk
        }
    }
}
