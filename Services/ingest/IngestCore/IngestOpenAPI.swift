/// The ingest worker's OpenAPI document, served at `/openapi.yaml`.
enum IngestOpenAPI {
    static let document = """
        openapi: 3.1.0
        info: {title: Roster ingest, version: "1"}
        components:
          securitySchemes: {bearer: {type: http, scheme: bearer}}
        security: [{bearer: []}]
        paths:
          /healthz: {get: {security: [], responses: {"200": {description: alive}}}}
          /readyz: {get: {security: [], responses: {"200": {description: ready}, "503": {description: not ready}}}}
          /metrics: {get: {security: [], responses: {"200": {description: Prometheus metrics}}}}
          /v1/events:
            post:
              summary: Publish contact events (docs/schemas/contact-event.schema.json); the tenant comes from the token
              requestBody: {content: {application/json: {schema: {type: object, properties: {events: {type: array}}}}}}
              responses:
                "202": {description: "{accepted, event_ids}"}
                "400": {description: "invalid events; details name the row and field"}
                "401": {description: no or unknown token}
                "403": {description: read-only token}
          /v1/contacts:
            post:
              summary: Create or update one contact
              requestBody: {content: {application/json: {schema: {type: object, required: [identifiers], properties: {identifiers: {type: object}, attributes: {type: object}, tags: {type: array}}}}}}
              responses: {"202": {description: "{accepted, event_ids}"}}
        """
}
