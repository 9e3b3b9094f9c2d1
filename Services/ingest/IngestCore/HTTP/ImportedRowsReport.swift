import Foundation
import GRDB
import Hummingbird
import RosterModel
import RosterRuntime

/// A finished normal-mode import's imported rows as a CSV download: `row` and the file's own columns, one line per
/// row that was published. The upload is kept for normal-mode jobs, and scanning it again with the same catalog
/// gives the same verdicts, so the store keeps no second copy of the rows. Written to a temporary file on a thread of
/// its own, then streamed, so memory does not grow with the file.
struct ImportedRowsReport {
    let job: ImportJob
    let uploads: UploadFolder
    let database: DatabasePool

    /// Why a job's rows cannot be downloaded, or nil when they can.
    static func refusal(_ job: ImportJob) -> RosterError? {
        if job.mode == .fast {
            return RosterError(
                code: "no_rows_kept",
                message: "import \(job.jobId) ran in fast mode, which keeps no record of its rows",
                status: .gone)
        }
        guard job.status == .completed || job.status == .importing || job.status == .cancelled else {
            return ImportError.conflict(
                "import \(job.jobId) is \(job.status.rawValue); rows can be downloaded once it has imported some")
        }
        return nil
    }

    func response() async throws -> Response {
        if let refusal = Self.refusal(job) { throw refusal }
        let report = NSTemporaryDirectory() + "roster-imported-\(job.jobId)-\(UUID().uuidString).csv"
        let job = job
        let uploads = uploads
        let database = database
        try await BlockingThread.run(name: "rows-\(job.jobId)") {
            try Self.write(job: job, uploads: uploads, database: database, to: report)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(job.jobId)-imported.csv\"",
            ],
            body: ResponseBody { writer in
                defer { try? FileManager.default.removeItem(atPath: report) }
                var chunks = try FileChunks(path: report)
                while let chunk = try chunks.next() { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
    }

    private static func write(job: ImportJob, uploads: UploadFolder, database: DatabasePool, to path: String)
        throws
    {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let catalog = try database.read { try ImportCatalog.load($0, tenant: job.tenant) }
        let scanner = ImportScanner(
            path: uploads.file(of: job.jobId), format: job.format, purpose: job.purpose, catalog: catalog,
            keepsAttributes: false)
        var buffer = CSVText.byteOrderMark
        try scanner.scan(encoding: job.encoding) { mapping, _ in
            buffer += CSVText.line(["row"] + mapping.columns.map(\.header))
        } onRow: { record, verdict in
            guard verdict.row <= job.rowsDone else { return false }
            guard verdict.status == .importable else { return true }
            buffer += CSVText.line([String(record.row)] + record.cells.map(\.text))
            if buffer.utf8.count > 1 << 16 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
            return true
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }
}
