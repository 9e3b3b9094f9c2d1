/// The segmenter's OpenAPI document, served at `/openapi.yaml`.
enum SegmenterOpenAPI {
    static let document = """
        openapi: 3.1.0
        info: {title: Roster segmenter, version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /v1/projection/counts:
            get:
              summary: Profiles and behaviour events the segmenter holds for the tenant
              responses: {"200": {description: "{profiles, activities}"}}
        """
}
