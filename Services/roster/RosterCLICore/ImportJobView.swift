import Foundation

/// An import job as ingest answers it (`GET /v1/imports/{id}`), for the readable forms.
public struct ImportJobView: Codable, Sendable, Equatable {
    /// The job's id.
    public var jobId: String
    /// What the file is for.
    public var purpose: String
    /// `normal` or `fast`.
    public var mode: String
    /// Tags put on every imported contact.
    public var tags: [String]
    /// Where the job is (`previewed`, `importing`, `completed`, ...).
    public var status: String
    /// The uploaded file's name.
    public var fileName: String
    /// Data rows scanned.
    public var total: Int
    /// Duplicate rows.
    public var duplicate: Int
    /// Rows not imported, duplicates included.
    public var invalid: Int
    /// Rows that become events.
    public var importable: Int
    /// Rows the import has passed.
    public var rowsDone: Int
    /// Events published.
    public var published: Int
    /// Why the job failed or the file was rejected.
    public var error: String?
    /// Who uploaded the file.
    public var createdBy: String
    /// When the file was uploaded.
    public var createdAt: String
    /// Who started the import.
    public var startedBy: String?
    /// When the import began.
    public var startedAt: String?
    /// When the job ended.
    public var finishedAt: String?

    /// Whether the job has ended (`completed`, `failed`, `cancelled` or `rejected`).
    public var isSettled: Bool { ["completed", "failed", "cancelled", "rejected"].contains(status) }

    /// A few lines: id, purpose and mode, status and progress, counts, who and when.
    public var text: String {
        var lines = [
            "import \(jobId) (\(fileName)): \(purpose), \(mode) mode"
                + (tags.isEmpty ? "" : ", tags \(tags.joined(separator: ", "))"),
            "status: \(status), \(rowsDone) of \(total) rows done, \(published) events published",
            "rows: \(total) scanned, \(duplicate) duplicate, \(invalid) invalid (duplicates included), \(importable) to import",
            "uploaded by \(createdBy) at \(createdAt)" + (startedBy.map { ", started by \($0)" } ?? "")
                + (startedAt.map { " at \($0)" } ?? ""),
        ]
        if let finishedAt { lines.append("finished at \(finishedAt)") }
        if let error { lines.append("error: \(error)") }
        return lines.joined(separator: "\n")
    }
}

/// `GET /v1/imports`: every job of the tenant, newest first.
public struct ImportJobList: Codable, Sendable, Equatable {
    /// The jobs, newest first.
    public var jobs: [ImportJobView]

    /// One row a job: id, purpose, mode, status, progress, counts, who and when.
    public var table: String {
        TextFormat.table(
            ["JOB", "PURPOSE", "MODE", "STATUS", "DONE", "TOTAL", "DUP", "INVALID", "IMPORT", "BY", "CREATED"],
            jobs.map { job in
                [
                    job.jobId, job.purpose, job.mode, job.status, "\(job.rowsDone)", "\(job.total)", "\(job.duplicate)",
                    "\(job.invalid)", "\(job.importable)", job.startedBy ?? job.createdBy, job.createdAt,
                ]
            }) + "\n\n\(jobs.count) imports"
    }
}
