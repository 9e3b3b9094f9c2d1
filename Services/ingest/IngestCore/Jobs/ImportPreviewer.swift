import RosterModel
import RosterRuntime

/// Makes a job's preview: reads the whole file once, stores every row's problems and the exact counts, and keeps
/// the first rows as parsed. A file that cannot be read or whose header does not map rejects the job, with the
/// reasons as its errors.
struct ImportPreviewer {
    let store: IngestStore
    let uploads: UploadFolder

    /// Previews a job in state `scanning`, reading the file in `encoding` or the detected one.
    func preview(_ job: ImportJob, encoding: TextEncoding?, catalog: ImportCatalog) throws {
        let scanner = ImportScanner(
            path: uploads.file(of: job.jobId), format: job.format, purpose: job.purpose, catalog: catalog,
            keepsAttributes: false)
        var counts = ImportCounts()
        var parts = PreviewParts()
        var usedEncoding = encoding
        var pending: [RosterError.Detail] = []
        do {
            try scanner.scan(encoding: encoding) { mapping, detected in
                usedEncoding = detected
                parts.columns = mapping.columns.map(PreviewColumn.init)
                parts.warnings += mapping.columns.filter { $0.role == .ignored }.map {
                    "column \($0.header) is not used when the purpose is \(job.purpose.rawValue); it is ignored"
                }
            } onRow: { record, verdict in
                counts.add(verdict.status)
                if parts.rows.count < PreviewParts.rowLimit { parts.rows.append(PreviewRow(record, verdict: verdict)) }
                pending += verdict.problems
                if pending.count >= 1000 {
                    try store.recordErrors(jobID: job.jobId, pending)
                    pending = []
                }
                return true
            }
        } catch {
            let known = error as? RosterError
            let message = known?.message ?? "the file cannot be read: \(error)"
            let details = known?.details ?? []
            try store.clearErrors(jobID: job.jobId)
            try store.recordErrors(jobID: job.jobId, details.isEmpty ? [.init(row: 0, reason: message)] : details)
            try store.finishPreview(
                jobID: job.jobId, counts: ImportCounts(), encoding: usedEncoding, parts: parts, rejection: message)
            return
        }
        try store.recordErrors(jobID: job.jobId, pending)
        if let warning = UploadFolder.sizeWarning(bytes: job.fileSize) { parts.warnings.append(warning) }
        try store.finishPreview(
            jobID: job.jobId, counts: counts, encoding: usedEncoding, parts: parts, rejection: nil)
    }
}
