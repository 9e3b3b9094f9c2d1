import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Logging
import RosterModel
import RosterRuntime

/// The import API under `/v1/imports`: upload and preview, start, status, list, cancel, the row problems as CSV,
/// and the templates zip.
struct ImportRoutes {
    let worker: WorkerContext
    let store: IngestStore
    let uploads: UploadFolder

    /// How many row problems a preview answer lists (all of them are in `GET /v1/imports/{id}/errors`).
    static let previewErrorLimit = 100

    /// `POST /v1/imports/{id}/start`'s body.
    struct StartRequest: Decodable {
        var tags: [String]?
        /// Tags to put on every contact as hidden.
        var hiddenTags: [String]?
        var mode: WriteMode?
        var startedBy: String?
    }

    /// The list answer.
    struct JobList: ResponseEncodable {
        var jobs: [ImportJob]
    }

    /// The row problems as JSON.
    struct ErrorList: ResponseEncodable {
        var jobId: String
        var errors: [RosterError.Detail]
    }

    /// Adds the routes to the authenticated `/v1` group.
    func add(to api: RouterGroup<RosterRequestContext>) {
        let imports = api.group("imports")
        imports.post { request, context in
            let principal = try context.writer()
            let preview = try await upload(request, tenant: principal.tenant)
            return EditedResponse(status: .created, response: preview)
        }
        imports.get { _, context in
            JobList(jobs: try store.jobs(tenant: try context.caller().tenant))
        }
        imports.get("templates") { _, context in
            let tenant = try context.caller().tenant
            let catalog = try worker.database.read { try ImportCatalog.load($0, tenant: tenant) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip",
                    .contentDisposition: "attachment; filename=\"roster-import-templates.zip\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: try ImportTemplates.archive(catalog: catalog))))
        }
        imports.get(":id") { _, context in
            try store.job(jobID: try context.parameters.require("id"), tenant: try context.caller().tenant)
        }
        imports.get(":id/preview") { _, context in
            let job = try store.job(jobID: try context.parameters.require("id"), tenant: try context.caller().tenant)
            return try ImportPreviewAnswer(job: job, store: store)
        }
        imports.post(":id/preview") { request, context in
            let tenant = try context.writer().tenant
            let encoding = try Self.encoding(named: request.uri.queryParameters["encoding"].map(String.init))
            let job = try store.beginPreview(jobID: try context.parameters.require("id"), tenant: tenant)
            return try await preview(job, encoding: encoding)
        }
        imports.post(":id/start") { request, context in
            let tenant = try context.writer().tenant
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: StartRequest.self, context: context)
            let job = try store.job(jobID: id, tenant: tenant)
            let tags = try Self.checkedTags(body.tags ?? [], purpose: job.purpose)
            let hiddenTags = try Self.checkedTags(body.hiddenTags ?? [], purpose: job.purpose)
            if body.mode == .fast && job.purpose != .add {
                throw RosterError.invalid("fast mode is for add imports only; this one is \(job.purpose.rawValue)")
            }
            let queued = try store.queue(
                jobID: id, tenant: tenant, tags: tags, hiddenTags: hiddenTags, mode: body.mode ?? .normal,
                startedBy: Self.user(request) ?? body.startedBy ?? "api",
                now: Timestamps.format(Date()))
            return EditedResponse(status: .accepted, response: queued)
        }
        imports.post(":id/cancel") { _, context in
            try store.cancel(
                jobID: try context.parameters.require("id"), tenant: try context.writer().tenant,
                now: Timestamps.format(Date()))
        }
        imports.get(":id/rows") { _, context in
            let job = try store.job(jobID: try context.parameters.require("id"), tenant: try context.caller().tenant)
            return try await ImportedRowsReport(job: job, uploads: uploads, database: worker.database).response()
        }
        imports.get(":id/errors") { request, context in
            let job = try store.job(jobID: try context.parameters.require("id"), tenant: try context.caller().tenant)
            if request.uri.queryParameters["format"] == "json" {
                let errors = try store.errors(jobID: job.jobId, limit: Int.max).map(\.detail)
                return try context.responseEncoder.encode(
                    ErrorList(jobId: job.jobId, errors: errors), from: request, context: context)
            }
            return ImportErrorReport(store: store, jobID: job.jobId).response()
        }
    }

    /// Stores the upload as a new job's file (refusing more than 100 MB), then previews it. The file is the body
    /// itself, with `purpose`, `encoding`, `filename` and `created_by` in the query, or the file part of a
    /// `multipart/form-data` body, whose text parts may give the same parameters (the query wins).
    private func upload(_ request: Request, tenant: String) async throws -> ImportPreviewAnswer {
        let query = request.uri.queryParameters
        let jobID = "imp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let writer = UploadWriter(uploads: uploads)
        let fromQuery = { (name: String) in query[Substring(name)].map(String.init) }
        let form: FormUpload
        let checkedFirst: UploadParameters?
        if let boundary = try FormUploadReader.boundary(contentType: request.headers[.contentType]) {
            form = try await writer.storeForm(request.body, boundary: boundary, jobID: jobID)
            checkedFirst = nil
        } else {
            // Read before a byte of the body is stored: a wrong parameter costs no upload.
            checkedFirst = try UploadParameters(fromQuery)
            form = FormUpload(fields: [:], size: try await writer.store(request.body, jobID: jobID))
        }
        let job: ImportJob
        do {
            let parameters = try checkedFirst ?? UploadParameters { fromQuery($0) ?? form.fields[$0] }
            let fileName = parameters.fileName ?? form.fileName ?? "upload"
            job = ImportJob(
                jobId: jobID, tenant: tenant, purpose: parameters.purpose, mode: .normal, tags: [], fileName: fileName,
                format: try FileFormat.detect(path: uploads.file(of: jobID), fileName: fileName),
                fileSize: form.size, encoding: parameters.encoding, status: .scanning,
                total: 0, duplicate: 0, invalid: 0, importable: 0, rowsDone: 0, published: 0, error: nil,
                createdBy: Self.user(request) ?? parameters.createdBy ?? "api",
                createdAt: Timestamps.format(Date()))
            try store.createJob(job)
        } catch {
            uploads.remove(jobID: jobID)
            throw error
        }
        worker.logger.info(
            "import uploaded", metadata: ["import.id": "\(jobID)", "import.purpose": "\(job.purpose.rawValue)"])
        return try await preview(job, encoding: job.encoding)
    }

    /// An upload's parameters, each read once from where the caller put it.
    private struct UploadParameters {
        var purpose: ImportPurpose
        var encoding: TextEncoding?
        var fileName: String?
        var createdBy: String?

        /// Reads and checks the parameters that `value` gives by name.
        init(_ value: (String) -> String?) throws {
            purpose = try ImportRoutes.purpose(named: value("purpose"))
            encoding = try ImportRoutes.encoding(named: value("encoding"))
            fileName = value("filename")
            createdBy = value("created_by")
        }
    }

    /// Previews a job on a thread of its own (it reads the whole file) and answers with the preview.
    private func preview(_ job: ImportJob, encoding: TextEncoding?) async throws -> ImportPreviewAnswer {
        let store = store
        let uploads = uploads
        let database = worker.database
        try await BlockingThread.run(name: "preview-\(job.jobId)") {
            let catalog = try database.read { try ImportCatalog.load($0, tenant: job.tenant) }
            try ImportPreviewer(store: store, uploads: uploads).preview(job, encoding: encoding, catalog: catalog)
        }
        return try ImportPreviewAnswer(job: try store.job(jobID: job.jobId, tenant: job.tenant), store: store)
    }

    /// Who is calling, as the `X-Roster-User` header says (as the segmenter reads it), if it says.
    private static func user(_ request: Request) -> String? {
        request.headers[HTTPField.Name("X-Roster-User")!].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The purpose a parameter names.
    private static func purpose(named name: String?) throws -> ImportPurpose {
        guard let name, let purpose = ImportPurpose(rawValue: name) else {
            throw RosterError.invalid(
                "purpose must be one of \(ImportPurpose.allCases.map(\.rawValue).joined(separator: ", "))",
                details: [.init(field: "purpose", value: name, reason: "is not a purpose")])
        }
        return purpose
    }

    /// The encoding a parameter names; nil when absent or empty (then it is detected).
    private static func encoding(named name: String?) throws -> TextEncoding? {
        guard let name, !name.isEmpty else { return nil }
        guard let encoding = TextEncoding(name: name) else {
            throw RosterError.invalid(
                "encoding must be one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))",
                details: [.init(field: "encoding", value: name, reason: "is not a supported encoding")])
        }
        return encoding
    }

    /// Tags trimmed and checked: only an add import takes them, and none may be empty.
    private static func checkedTags(_ tags: [String], purpose: ImportPurpose) throws -> [String] {
        guard !tags.isEmpty else { return [] }
        guard purpose == .add else {
            throw RosterError.invalid("tags are for add imports only; this one is \(purpose.rawValue)")
        }
        let trimmed = tags.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let index = trimmed.firstIndex(where: \.isEmpty) {
            throw RosterError.invalid(
                "tag \(index + 1) is empty", details: [.init(field: "tags[\(index)]", reason: "must not be empty")])
        }
        return trimmed
    }
}

extension ImportJob: ResponseEncodable {}
