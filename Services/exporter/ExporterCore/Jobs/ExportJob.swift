import Hummingbird

/// One export job as the API shows it: what was asked, where it stands, and the file once it is written.
public struct ExportJob: Codable, Sendable, Equatable, ResponseEncodable {
    /// Where a job stands: `queued` → `running` → `completed` | `failed`; a completed job's file is removed after the
    /// retention time and the job becomes `expired`.
    public enum Status: String, Codable, Sendable {
        case queued, running, completed, failed, expired
    }

    public var exportId: String
    public var tenant: String
    /// `segment`, `category` or `search`.
    public var scope: String
    /// The segment id, the category, or the search conditions.
    public var target: String
    /// `csv` or `xlsx`.
    public var format: String
    /// The attribute keys asked for; all when nil.
    public var attributes: [String]?
    public var notifyEmail: String?
    public var status: Status
    /// Rows written so far.
    public var rowsWritten: Int
    /// Rows the file will hold, once the job is running.
    public var total: Int?
    /// The file's size and SHA-256, once completed.
    public var bytes: Int?
    public var sha256: String?
    /// Where to download the file, once completed.
    public var downloadPath: String?
    /// Why the job failed.
    public var error: String?
    public var requestedBy: String
    public var requestedAt: String
    public var startedAt: String?
    public var finishedAt: String?
    /// When the file is removed.
    public var expiresAt: String?

    /// Whether the job will change no more (completed, failed or expired).
    public var isSettled: Bool { [.completed, .failed, .expired].contains(status) }
}
