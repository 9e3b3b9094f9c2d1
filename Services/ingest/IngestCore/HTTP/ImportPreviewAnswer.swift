import Hummingbird
import RosterRuntime

/// The preview answer: the job's counts, the columns, the first rows as parsed, the first row problems and any
/// warnings — `{"job_id", "total", "duplicate", "invalid", "importable", "rows", "errors", ...}`.
struct ImportPreviewAnswer: ResponseEncodable {
    var jobId: String
    var status: ImportJob.Status
    var purpose: ImportPurpose
    var format: FileFormat
    var encoding: TextEncoding?
    var fileName: String
    var fileSize: Int
    var total: Int
    var duplicate: Int
    var invalid: Int
    var importable: Int
    /// Why the file was rejected (its header does not map), if it was.
    var error: String?
    var columns: [PreviewColumn]
    var rows: [PreviewRow]
    var errors: [RosterError.Detail]
    var warnings: [String]

    /// The stored preview of a job.
    init(job: ImportJob, store: IngestStore) throws {
        let parts = try store.previewParts(jobID: job.jobId)
        jobId = job.jobId
        status = job.status
        purpose = job.purpose
        format = job.format
        encoding = job.encoding
        fileName = job.fileName
        fileSize = job.fileSize
        total = job.total
        duplicate = job.duplicate
        invalid = job.invalid
        importable = job.importable
        error = job.error
        columns = parts.columns
        rows = parts.rows
        errors = try store.errors(jobID: job.jobId, limit: ImportRoutes.previewErrorLimit).map(\.detail)
        warnings = parts.warnings
    }
}
