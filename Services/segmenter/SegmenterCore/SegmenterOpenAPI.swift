import RosterRuntime

/// The segmenter's OpenAPI document, served at `/openapi.yaml`.
enum SegmenterOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster segmenter",
        paths: """
              /v1/projection/counts:
                get:
                  summary: Profiles and behaviour events the segmenter holds for the tenant
                  responses: {"200": {description: "{profiles, activities}"}}
            """)
}
