/// How the exporter runs its jobs and keeps its files.
public struct ExporterSettings: Sendable {
    /// How long a finished file is kept before it is removed and its job marked `expired`. Default 7 days.
    public var retention: Duration
    /// How often the sweeper looks for files past their retention. Default 1 minute.
    public var sweepInterval: Duration
    /// How often the runner looks for queued jobs. Default 200 ms.
    public var pollInterval: Duration
    /// Rows written between two progress records. Default 10,000.
    public var progressRows: Int

    /// Makes settings; the defaults suit the embedded broker and a real cluster alike.
    public init(
        retention: Duration = .seconds(7 * 24 * 3600), sweepInterval: Duration = .seconds(60),
        pollInterval: Duration = .milliseconds(200), progressRows: Int = 10_000
    ) {
        self.retention = retention
        self.sweepInterval = sweepInterval
        self.pollInterval = pollInterval
        self.progressRows = progressRows
    }
}
