import RosterRuntime

/// The ingest worker's OpenAPI document, served at `/openapi.yaml`.
enum IngestOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster ingest",
        paths: """
              /v1/events:
                post:
                  summary: Publish contact events (docs/schemas/contact-event.schema.json); the tenant comes from the token
                  requestBody: {content: {application/json: {schema: {type: object, properties: {events: {type: array}}}}}}
                  responses:
                    "202": {description: "{accepted, event_ids}"}
                    "400": {description: "invalid events (envelope, or an attribute, event or property the tenant has not defined or a value of the wrong type); details name the row, field, value and reason"}
                    "401": {description: no or unknown token}
                    "403": {description: read-only token}
              /v1/contacts:
                post:
                  summary: Create or update one contact
                  description: identifiers must include a primary key (mobile, email, or an attribute marked as one); tags must not be blank
                  parameters:
                    - {name: Idempotency-Key, in: header, description: "a retry with the same key publishes the same event id (http:KEY), applied once", schema: {type: string}}
                  requestBody: {content: {application/json: {schema: {type: object, required: [identifiers], properties: {identifiers: {type: object}, attributes: {type: object}, tags: {type: array}}}}}}
                  responses:
                    "202": {description: "{accepted, event_ids}"}
                    "400": {description: "an attribute the tenant has not defined or a value of the wrong type; details name the field, value and reason"}
              /v1/imports:
                get:
                  summary: "The tenant's import jobs, newest first: {jobs: [Job]}"
                  responses: {"200": {description: "{jobs}"}}
                post:
                  summary: >-
                    Upload a CSV or .xlsx file (at most 100 MB) and preview it: the raw body, or the file part of a
                    multipart/form-data form (the part with a filename, or named file), whose text parts may carry the
                    parameters below (the query wins). Parameters: purpose (add, delete, unsubscribe-email,
                    unsubscribe-sms, unsubscribe-global), filename (a form's part gives it too), encoding (utf-8,
                    utf-16le, utf-16be, gb18030, big5; detected when absent), created_by (the X-Roster-User header wins
                    when sent)
                  parameters:
                    - {name: purpose, in: query, description: required here unless a form part gives it, schema: {type: string}}
                    - {name: encoding, in: query, schema: {type: string}}
                    - {name: filename, in: query, schema: {type: string}}
                    - {name: created_by, in: query, schema: {type: string}}
                    - {name: X-Roster-User, in: header, description: who uploads (the job's created_by), schema: {type: string}}
                  requestBody:
                    content:
                      application/octet-stream: {schema: {type: string, format: binary}}
                      multipart/form-data:
                        schema:
                          type: object
                          required: [file]
                          properties:
                            file: {type: string, format: binary}
                            purpose: {type: string}
                            encoding: {type: string}
                            filename: {type: string}
                            created_by: {type: string}
                  responses:
                    "201": {description: "{job_id, status, total, duplicate, invalid, importable, columns, rows, errors, warnings}"}
                    "400": {description: "unknown purpose or encoding, empty body; a form without a file part, with two, or cut short"}
                    "403": {description: read-only token}
                    "413": {description: file larger than 100 MB}
              /v1/imports/templates:
                get:
                  summary: A zip with a CSV and an .xlsx template per purpose, headed by the tenant's attribute keys
                  responses: {"200": {description: application/zip}}
              /v1/imports/{id}:
                get:
                  summary: "One job: status, purpose, mode, tags, counts, rows_done of total, published, who and when"
                  responses: {"200": {description: Job}, "404": {description: unknown job}}
              /v1/imports/{id}/preview:
                get:
                  summary: The job's stored preview
                  responses: {"200": {description: Preview}}
                post:
                  summary: Preview again, in the encoding given as ?encoding= (only before the job is started)
                  responses: {"200": {description: Preview}, "409": {description: job already started}}
              /v1/imports/{id}/start:
                post:
                  summary: "Start a previewed job; body {tags?, hidden_tags?, mode? (normal|fast), started_by?}. Jobs of a tenant run one at a time"
                  parameters:
                    - {name: X-Roster-User, in: header, description: who starts it (the job's started_by; wins over the body's), schema: {type: string}}
                  responses: {"202": {description: Job (queued)}, "409": {description: not previewed}}
              /v1/imports/{id}/cancel:
                post:
                  summary: Cancel a job that is waiting or running (a running one stops after the chunk in hand)
                  responses: {"200": {description: Job}, "409": {description: already finished}}
              /v1/imports/{id}/rows:
                get:
                  summary: "A normal-mode import's imported rows as CSV (row, then the file's columns); fast mode keeps none"
                  responses: {"200": {description: text/csv}, "409": {description: nothing imported yet}, "410": {description: fast mode}}
              /v1/imports/{id}/errors:
                get:
                  summary: "Every invalid row's reasons as CSV (row,column,value,reason); ?format=json for {job_id, errors}"
                  responses: {"200": {description: text/csv}}
            """)
}
