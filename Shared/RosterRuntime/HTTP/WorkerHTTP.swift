import Foundation
import Hummingbird
import Logging
import RosterModel

/// Builds a worker's HTTP server: `/healthz`, `/readyz` and `/metrics` open to all, the worker's API
/// under `/v1` behind bearer tokens, and its OpenAPI document at `/openapi.yaml`.
public enum WorkerHTTP {
    /// The router with the shared endpoints; `api` adds the worker's own routes to the authenticated `/v1` group.
    public static func buildRouter(
        worker: WorkerContext, openAPI: OpenAPIDocument,
        api: (RouterGroup<RosterRequestContext>) -> Void = { _ in }
    ) -> Router<RosterRequestContext> {
        let router = Router(context: RosterRequestContext.self)
        router.add(middleware: ErrorShapeMiddleware())
        router.get("/healthz") { _, _ in ["status": "ok"] }
        router.get("/readyz") { request, context in
            let report = worker.readiness.report(worker: worker.config.name)
            return try context.responseEncoder.encode(report, from: request, context: context)
                .withStatus(report.ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: worker.metrics.render())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: openAPI.yaml)))
        }
        api(router.group("v1").add(middleware: BearerAuthMiddleware(tokens: worker.config.tokens)))
        worker.recordRoutes(router.routes.map(\.description))
        return router
    }

    /// The application serving `router` on the configured address; records the bound port.
    public static func buildApplication(
        worker: WorkerContext, router: Router<RosterRequestContext>
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(
                address: .hostname(worker.config.httpHost, port: worker.config.httpPort),
                serverName: worker.config.name),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { worker.recordHTTPPort(port) }
            },
            logger: worker.logger)
    }
}

extension Response {
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}
