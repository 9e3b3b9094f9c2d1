import RosterRuntime

/// The exporter's OpenAPI document, served at `/openapi.yaml`.
enum ExporterOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster exporter",
        paths: """
              /v1/exports:
                post:
                  summary: Request an export of a segment, a category or a search, as CSV or XLSX (admin token)
                  description: >-
                    Validates the request against the tenant's metadata, publishes it on cdp.exports.requests, and
                    answers 202 with the job once it is recorded (within 5 s), else with {export_id, status: requested,
                    status_path}. Target by scope: the segment id; the category (all, real_name, anonymous,
                    wechat_fans); or search conditions as a query string of where=FIELD%3DVALUE, contains=FIELD%3DTEXT,
                    tag=TAG and category=C.
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [scope, target, format]
                          properties:
                            scope: {enum: [segment, category, search]}
                            target: {type: string}
                            format: {enum: [csv, xlsx]}
                            attributes: {type: array, items: {type: string}, description: "Attribute keys, in order; all when absent"}
                            notify_email: {type: string, format: email}
                            requested_by: {type: string}
                  responses:
                    "202": {description: "The job (as GET /v1/exports/{id} shows it), or {export_id, status: requested, status_path}"}
                    "400": {description: "Invalid scope, target, format or attribute", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                    "403": {description: "A read-only token"}
                get:
                  summary: The tenant's export jobs, newest first
                  responses: {"200": {description: "{exports: [ExportJob]}"}}
              /v1/exports/{id}:
                get:
                  summary: One export job with its progress (rows_written of total)
                  parameters: [{$ref: "#/components/parameters/id"}]
                  responses:
                    "200": {description: "{export_id, tenant, scope, target, format, attributes, notify_email, status (queued, running, completed, failed, expired), rows_written, total, bytes, sha256, download_path, error, requested_by, requested_at, started_at, finished_at, expires_at}"}
                    "404": {description: No such export for this tenant}
              /v1/exports/{id}/file:
                get:
                  summary: Download a completed export's file (the same tenant only)
                  parameters: [{$ref: "#/components/parameters/id"}]
                  responses:
                    "200": {description: "The file: text/csv (UTF-8 with BOM) or an .xlsx workbook"}
                    "404": {description: No such export for this tenant}
                    "409": {description: The job is queued, running or failed}
                    "410": {description: The file was removed after its retention}
            """,
        components: """
              parameters:
                id: {name: id, in: path, required: true, schema: {type: string}}
            """)
}
