import RosterRuntime

/// The exporter's OpenAPI document, served at `/openapi.yaml`.
enum ExporterOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster exporter",
        paths: """
              /v1/exports:
                get:
                  summary: The tenant's export jobs, newest first
                  responses: {"200": {description: "{exports: [...]}"}}
            """)
}
