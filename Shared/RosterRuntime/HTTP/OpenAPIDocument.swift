/// A worker's OpenAPI document: the parts every worker shares (bearer security, health, readiness, metrics)
/// around the worker's own paths and components.
public struct OpenAPIDocument: Sendable {
    /// `Roster ingest`, say.
    public var title: String
    /// The worker's paths as YAML mapping entries indented by two spaces (`  /v1/events:` ...).
    public var paths: String
    /// Extra entries under `components`, indented by two spaces (parameters, responses).
    public var components: String

    public init(title: String, paths: String, components: String = "") {
        self.title = title
        self.paths = paths
        self.components = components
    }

    /// The YAML served at `/openapi.yaml`.
    public var yaml: String {
        """
        openapi: 3.1.0
        info: {title: \(title), version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
          schemas:
            Error:
              type: object
              description: "The one error shape: {error: {code, message, details: [{row, field, value, reason}]}}; a file's row problem also names its column (column)"
              properties:
                error:
                  type: object
                  properties:
                    code: {type: string}
                    message: {type: string}
                    details: {type: array, items: {type: object}}
        \(components)
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /openapi.yaml: {get: {security: [], responses: {"200": {description: this document}}}}
        \(paths)
        """
    }
}
