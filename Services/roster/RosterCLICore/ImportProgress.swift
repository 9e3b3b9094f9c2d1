/// The progress bar `roster import start` draws on stderr while a job runs.
public enum ImportProgress {
    /// `importing [########------------] 40% 400/1000 rows`; a job not yet running shows its status.
    public static func line(status: String, done: Int, total: Int, width: Int = 20) -> String {
        guard status == "importing" || status == "completed", total > 0 else { return "\(status)..." }
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\(status) [\(bar)] \(Int((fraction * 100).rounded(.down)))% \(done)/\(total) rows"
    }

    /// What must change for a log (not a terminal) to get a new line: the status, or the next tenth of the rows.
    public static func milestone(status: String, done: Int, total: Int) -> String {
        "\(status) \(total > 0 ? min(10, done * 10 / total) : 0)"
    }
}
