import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import RosterModel
import RosterRuntime

/// The export API under `/v1/exports`: request an export, list the tenant's jobs, follow one, download its file.
struct ExportRoutes {
    let worker: WorkerContext
    let store: ExportStore
    let folder: ExportFolder

    /// How long `POST /v1/exports` waits for its request to be recorded as a job before answering without it.
    static let recordWait: Duration = .seconds(5)

    /// `POST /v1/exports`'s body.
    struct CreateRequest: Decodable {
        var scope: String
        var target: String
        var format: String
        var attributes: [String]?
        var notifyEmail: String?
        var requestedBy: String?
    }

    /// The answer when the request is published but not yet recorded.
    struct Requested: ResponseEncodable {
        var exportId: String
        var status: String
        var statusPath: String
    }

    /// The list answer.
    struct JobList: ResponseEncodable {
        var exports: [ExportJob]
    }

    /// Adds the routes to the authenticated `/v1` group.
    func add(to api: RouterGroup<RosterRequestContext>) {
        let exports = api.group("exports")
        exports.post { request, context in
            let tenant = try context.writer().tenant
            let body = try await request.decode(as: CreateRequest.self, context: context)
            return try await create(body, tenant: tenant, context: context, request: request)
        }
        exports.get { _, context in
            JobList(exports: try store.jobs(tenant: try context.caller().tenant))
        }
        exports.get(":id") { _, context in
            try store.job(exportID: try context.parameters.require("id"), tenant: try context.caller().tenant)
        }
        exports.get(":id/file") { _, context in
            let job = try store.job(exportID: try context.parameters.require("id"), tenant: try context.caller().tenant)
            return try await download(job, context: context)
        }
    }

    /// Validates the request against the tenant's metadata, publishes it, and waits briefly for its job.
    private func create(
        _ body: CreateRequest, tenant: String, context: RosterRequestContext, request: Request
    ) async throws -> Response {
        let exportID = "exp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let export = ExportRequest(
            id: exportID, tenant: tenant, scope: body.scope, target: body.target, format: body.format,
            attributes: body.attributes, notifyEmail: body.notifyEmail, requestedBy: body.requestedBy ?? "api",
            requestedAt: Timestamps.format(Date()))
        try ExportRequestApplier.validate(export)
        if let email = body.notifyEmail, !email.contains("@") {
            throw RosterError.invalid(
                "notify_email \(email) is not an e-mail address",
                details: [.init(field: "notify_email", value: email, reason: "is not an e-mail address")])
        }
        _ = try await worker.database.read { try ExportColumns.load($0, tenant: tenant).select(body.attributes) }
        try await worker.publish(Topics.exportRequests, [(key: "\(tenant)/\(exportID)", value: export)])
        var job: ExportJob?
        _ = await eventuallyRecorded(timeout: Self.recordWait) {
            job = try? store.findJob(exportID: exportID, tenant: tenant)
            return job != nil
        }
        if let job {
            return try job.response(from: request, context: context).with(status: .accepted)
        }
        return try Requested(exportId: exportID, status: "requested", statusPath: "/v1/exports/\(exportID)")
            .response(from: request, context: context).with(status: .accepted)
    }

    /// Streams a completed job's file; a job still running is a conflict, an expired one is gone.
    private func download(_ job: ExportJob, context: RosterRequestContext) async throws -> Response {
        switch job.status {
        case .completed: break
        case .expired:
            throw RosterError(
                code: "expired", message: "export \(job.exportId)'s file was removed after its retention",
                status: .gone)
        case .failed:
            throw RosterError(
                code: "export_failed", message: "export \(job.exportId) failed: \(job.error ?? "no reason recorded")",
                status: .conflict)
        case .queued, .running:
            throw RosterError(
                code: "not_ready", message: "export \(job.exportId) is \(job.status.rawValue); its file is not ready",
                status: .conflict)
        }
        let format = ExportFormat(rawValue: job.format) ?? .csv
        let path = folder.file(tenant: job.tenant, exportID: job.exportId, format: job.format)
        let body = try await FileIO().loadFile(path: path, context: context)
        var headers: HTTPFields = [
            .contentType: format.contentType,
            .contentDisposition: "attachment; filename=\"\(job.exportId).\(job.format)\"",
        ]
        if let bytes = job.bytes { headers[.contentLength] = String(bytes) }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Polls `condition` until it holds or `timeout` passes.
    private func eventuallyRecorded(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

extension Response {
    /// The response with another status.
    fileprivate func with(status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}
