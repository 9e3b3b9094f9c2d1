import Foundation

/// The segmenter's own settings, beyond every worker's `WorkerConfig`, read from the environment.
public struct SegmenterSettings: Sendable {
    /// How often relative-time segments are re-evaluated. `ROSTER_SEGMENT_TICK_SECONDS`, default 60.
    public var tick: Duration
    /// How long the membership changelog is kept. `ROSTER_SEGMENT_HISTORY_DAYS`, default 90.
    public var historyDays: Int
    /// How long an HTTP write waits for its definition to be applied before answering 202. Default 10 s.
    public var writeWait: Duration

    public init(tick: Duration = .seconds(60), historyDays: Int = 90, writeWait: Duration = .seconds(10)) {
        self.tick = tick
        self.historyDays = historyDays
        self.writeWait = writeWait
    }

    /// The settings from `ROSTER_SEGMENT_*` variables, defaults for the rest.
    public init(environment: [String: String]) {
        self.init()
        if let seconds = environment["ROSTER_SEGMENT_TICK_SECONDS"].flatMap(Double.init), seconds > 0 {
            tick = .milliseconds(Int(seconds * 1000))
        }
        if let days = environment["ROSTER_SEGMENT_HISTORY_DAYS"].flatMap(Int.init), days > 0 { historyDays = days }
    }
}
