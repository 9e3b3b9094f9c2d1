/// The resolver's OpenAPI document, served at `/openapi.yaml`.
enum IdentityOpenAPI {
    static let document = """
        openapi: 3.1.0
        info: {title: Roster identity-resolver, version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
          schemas:
            Error:
              type: object
              properties:
                error:
                  type: object
                  properties:
                    code: {type: string}
                    message: {type: string}
                    details: {type: array, items: {type: object}}
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /v1/contacts:
            get:
              summary: Find a contact by identifier
              parameters: [{name: identifier, in: query, required: true, schema: {type: string}, example: "mobile:8613800000001"}]
              responses: {"200": {description: the 360° view}, "404": {description: no such contact}}
          /v1/contacts/{id}:
            get:
              summary: The 360° view of a contact
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: the contact}, "404": {description: no such contact}}
          /v1/contacts/{id}/why:
            get:
              summary: The merges that formed this contact
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: merge records}}
          /v1/contacts/counts:
            get:
              summary: Contacts per category
              responses: {"200": {description: "{all, real_name, anonymous, wechat_fans}"}}
        """
}
