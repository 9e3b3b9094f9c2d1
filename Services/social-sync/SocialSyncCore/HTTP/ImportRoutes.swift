import Foundation
import GRDB
import Hummingbird
import NIOCore
import RosterModel
import RosterRuntime

/// Import jobs: upload a CSV (validated first: every error by row, column and reason), list, show, cancel.
struct ImportRoutes {
    let store: SocialStore
    let uploads: SocialUploads

    /// The largest file accepted.
    static let maxBytes = 200 * 1024 * 1024

    /// What validating a file without errors found (its warnings), and the job when one was started.
    struct Validation: ResponseEncodable {
        var channel: String
        /// The encoding the file was read in (`utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5`).
        var encoding: TextEncoding
        var total: Int
        var valid: Int
        var warnings: [ErrorDetail]
        var job: SocialImportJob?
    }

    struct Jobs: ResponseEncodable {
        var jobs: [SocialImportJob]
    }

    func add(to api: RouterGroup<RosterRequestContext>) {
        api.post("social/imports") { request, context in
            let tenant = try context.writer().tenant
            let query = request.uri.queryParameters
            let channel = try Channel.parse(query.get("channel"))
            let validateOnly = query.get("validate_only") == "true"
            let encoding = try Self.encoding(query.get("encoding"))
            let body = try await request.body.collect(upTo: Self.maxBytes)
            let bytes = [UInt8](buffer: body)
            let report = try store.validateImport(bytes, tenant: tenant, channel: channel, encoding: encoding)
            var answer = Validation(
                channel: channel.rawValue, encoding: report.encoding, total: report.total, valid: report.rows.count,
                warnings: report.warnings.map(\.namingItsColumn),
                job: nil)
            guard report.errors.isEmpty else {
                throw RosterError(
                    code: "invalid_file",
                    message: "\(report.errors.count) problem\(report.errors.count == 1 ? "" : "s") in the file; "
                        + "nothing was imported: fix them and upload again",
                    details: report.errors.map(\.namingItsColumn), status: .unprocessableContent)
            }
            guard !validateOnly else { return try answer.response(from: request, context: context) }
            let now = SocialHTTP.now
            let job = SocialImportJob(
                jobId: "sij_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16),
                tenant: tenant, channel: channel.rawValue, fileName: query.get("file_name") ?? "upload.csv",
                overwriteTags: query.get("overwrite_tags") == "true", status: .waiting, total: report.rows.count,
                rowsDone: 0, warnings: report.warnings, error: nil, createdAt: now, updatedAt: now)
            try uploads.save(try SocialCSV.utf8(bytes, encoding: report.encoding), jobID: job.jobId)
            try await store.database.write { try ImportJobs.insert($0, job) }
            answer.job = job
            return try answer.response(from: request, context: context).with(status: .accepted)
        }
        api.get("social/imports") { _, context in
            let tenant = try context.caller().tenant
            return Jobs(jobs: try await store.database.read { try ImportJobs.list($0, tenant: tenant) })
        }
        api.get("social/imports/:job_id") { _, context in
            try job(tenant: try context.caller().tenant, id: try context.parameters.require("job_id"))
        }
        api.post("social/imports/:job_id/cancel") { _, context in
            let tenant = try context.writer().tenant
            let found = try job(tenant: tenant, id: try context.parameters.require("job_id"))
            let changed = try await store.database.write {
                try ImportJobs.finish($0, jobID: found.jobId, status: .cancelled, now: SocialHTTP.now)
            }
            guard changed else {
                throw RosterError(
                    code: "conflict", message: "import \(found.jobId) is already \(found.status.rawValue)",
                    status: .conflict)
            }
            uploads.remove(found.jobId)
            return try job(tenant: tenant, id: found.jobId)
        }
    }

    /// The `encoding` parameter: the file's encoding when the caller names it (`gbk` and `cp936` mean GB18030).
    private static func encoding(_ name: String?) throws -> TextEncoding? {
        guard let name, !name.isEmpty else { return nil }
        guard let encoding = TextEncoding(name: name) else {
            throw SocialError.invalid(
                field: "encoding", value: name,
                reason: "must be one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return encoding
    }

    private func job(tenant: String, id: String) throws -> SocialImportJob {
        guard let job = try store.database.read({ try ImportJobs.fetch($0, jobID: id) }), job.tenant == tenant else {
            throw RosterError.notFound("no social import \(id)")
        }
        return job
    }
}

extension SocialImportJob: ResponseGenerator, ResponseEncodable {}

extension Response {
    /// The response with another status.
    func with(status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}
