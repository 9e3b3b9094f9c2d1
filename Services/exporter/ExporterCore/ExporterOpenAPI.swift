/// The exporter's OpenAPI document, served at `/openapi.yaml`.
enum ExporterOpenAPI {
    static let document = """
        openapi: 3.1.0
        info: {title: Roster exporter, version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /v1/exports:
            get:
              summary: The tenant's export jobs, newest first
              responses: {"200": {description: "{exports: [...]}"}}
        """
}
