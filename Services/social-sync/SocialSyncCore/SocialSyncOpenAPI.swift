/// The social-sync worker's OpenAPI document, served at `/openapi.yaml`.
enum SocialSyncOpenAPI {
    static let document = """
        openapi: 3.1.0
        info: {title: Roster social-sync, version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /v1/social/counts:
            get:
              summary: Effective (subscribed) and total contacts of a channel
              parameters: [{name: channel, in: query, required: true, schema: {enum: [line, facebook, instagram, whatsapp, wechat]}}]
              responses: {"200": {description: "{channel, effective, total}"}}
        """
}
