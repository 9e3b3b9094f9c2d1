import RosterModel
import RosterRuntime

/// One import: the uploaded file, what it is for, its counts, its progress and its state.
///
/// States: `scanning` (the preview is being made) → `previewed` (or `rejected` when the header does not map) →
/// `queued` (started, waiting for the tenant's earlier jobs) → `importing` → `completed`, `failed` or `cancelled`.
public struct ImportJob: Codable, Sendable, Equatable {
    /// Where a job is in its life.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case scanning, previewed, rejected, queued, importing, completed, failed, cancelled

        /// Whether the job can still be cancelled.
        var isCancellable: Bool { [.previewed, .rejected, .queued, .importing].contains(self) }
        /// Whether the job may be previewed again (another encoding).
        var canPreview: Bool { self == .previewed || self == .rejected }
    }

    /// The job's id (`imp_…`).
    public var jobId: String
    /// The tenant that uploaded it.
    public var tenant: String
    /// What the file is for.
    public var purpose: ImportPurpose
    /// `normal` or `fast` (add only).
    public var mode: WriteMode
    /// Tags put on every imported contact (add only).
    public var tags: [String]
    /// Hidden tags put on every imported contact (add only): kept on the contact, left out of lists.
    public var hiddenTags: [String] = []
    /// The name the file was uploaded with.
    public var fileName: String
    /// `csv` or `xlsx`.
    public var format: FileFormat
    /// The file's size in bytes.
    public var fileSize: Int
    /// The encoding a CSV is read in (nil for a spreadsheet).
    public var encoding: TextEncoding?
    /// Where the job is in its life.
    public var status: Status
    /// Data rows scanned (the header excluded).
    public var total: Int
    /// Rows whose primary key an earlier row had.
    public var duplicate: Int
    /// Rows not imported, duplicates included.
    public var invalid: Int
    /// Rows that become events.
    public var importable: Int
    /// Data rows processed by the import so far (of `total`).
    public var rowsDone: Int
    /// Events published so far.
    public var published: Int
    /// Why the job failed or was rejected.
    public var error: String?
    /// Who uploaded the file, as the caller said.
    public var createdBy: String
    /// When the file was uploaded.
    public var createdAt: String
    /// Who started the import, as the caller said.
    public var startedBy: String?
    /// When the job was started (queued).
    public var queuedAt: String?
    /// When the import began; also the `occurred_at` of its add and delete events.
    public var startedAt: String?
    /// When the job completed, failed or was cancelled.
    public var finishedAt: String?

    /// The job's counts.
    public var counts: ImportCounts {
        ImportCounts(total: total, duplicate: duplicate, invalid: invalid, importable: importable)
    }
}
