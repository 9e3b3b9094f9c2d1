/// An export job as the exporter answers it (`GET /v1/exports/{id}`), for progress and the readable form.
public struct ExportJobView: Codable, Sendable, Equatable {
    /// The job's id.
    public var exportId: String
    /// `queued`, `running`, `completed`, `failed` or `expired`.
    public var status: String
    /// `csv` or `xlsx`.
    public var format: String
    /// Rows written so far.
    public var rowsWritten: Int
    /// Rows the file will hold, once known.
    public var total: Int?
    /// The file's size, once completed.
    public var bytes: Int?
    /// The file's SHA-256, once completed.
    public var sha256: String?
    /// Why the job failed.
    public var error: String?

    /// Whether the job will change no more.
    public var isSettled: Bool { ["completed", "failed", "expired"].contains(status) }

    /// `running 40% 400/1000 rows`, or the bare status before the total is known.
    public var progressLine: String {
        guard let total, status == "running" || status == "completed" else { return "\(status)..." }
        let percent = total > 0 ? min(100, rowsWritten * 100 / total) : 100
        return "\(status) \(percent)% \(rowsWritten)/\(total) rows"
    }

    /// The readable summary of a finished export written to `file`.
    public func summary(file: String) -> String {
        "export \(exportId) \(status): \(TextFormat.count(rowsWritten, "row")), \(TextFormat.count(bytes ?? 0, "byte")) written to \(file) (sha256 \(sha256 ?? "-"))"
    }
}
