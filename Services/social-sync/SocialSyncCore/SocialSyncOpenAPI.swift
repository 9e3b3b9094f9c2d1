import RosterRuntime

/// The social-sync worker's OpenAPI document, served at `/openapi.yaml`.
enum SocialSyncOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster social-sync",
        paths: """
              /v1/social/counts:
                get:
                  summary: Effective (subscribed) and total contacts of a channel
                  parameters: [{name: channel, in: query, required: true, schema: {enum: [line, facebook, instagram, whatsapp, wechat]}}]
                  responses: {"200": {description: "{channel, effective, total}"}}
            """)
}
