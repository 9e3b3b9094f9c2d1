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
              /v1/segments:
                get:
                  summary: "Segments with status (not_computed, computing with progress, completed, failed) and member count, filtered by group (all, mine, channel-unsubscribes, a custom group)"
                  parameters: [{name: group, in: query, schema: {type: string}}, {$ref: "#/components/parameters/user"}]
                  responses: {"200": {description: "{segments: [...]}"}}
                post:
                  summary: Create a segment (publishes on cdp.segment-definitions, waits up to 10 s until computed)
                  requestBody: {$ref: "#/components/requestBodies/definition"}
                  responses: {"201": {description: "the segment: completed, or not_computed / computing with progress when the wait ended first"}, "202": {description: "{event_ids, segment_ids}: not applied yet"}, "400": {$ref: "#/components/responses/error"}}
              /v1/segments/estimate:
                post:
                  summary: Count the contacts an unsaved definition would hold
                  requestBody: {$ref: "#/components/requestBodies/definition"}
                  responses: {"200": {description: "{count, elapsed_ms}"}, "400": {$ref: "#/components/responses/error"}}
              /v1/segments/batch-delete:
                post:
                  summary: Delete several segments (their members get exit messages)
                  requestBody: {content: {application/json: {schema: {type: object, properties: {segment_ids: {type: array, items: {type: string}}}}}}}
                  responses: {"200": {description: "{deleted}"}, "409": {$ref: "#/components/responses/error"}}
              /v1/segments/move:
                post:
                  summary: Move segments to a custom group (group_id null for none)
                  requestBody: {content: {application/json: {schema: {type: object, properties: {segment_ids: {type: array, items: {type: string}}, group_id: {type: string}}}}}}
                  responses: {"200": {description: "{segments}"}, "400": {$ref: "#/components/responses/error"}}
              /v1/segments/{id}:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: The segment with its conditions
                  responses: {"200": {description: the segment}, "404": {$ref: "#/components/responses/error"}}
                put:
                  summary: Edit the conditions (version + 1, recomputed; waits up to 10 s for the computation)
                  requestBody: {$ref: "#/components/requestBodies/definition"}
                  responses: {"200": {description: the segment}, "400": {$ref: "#/components/responses/error"}}
                delete:
                  summary: Delete the segment; its members get exit messages
                  responses: {"200": {description: "{deleted}"}, "409": {$ref: "#/components/responses/error"}}
              /v1/segments/{id}/copy:
                parameters: [{$ref: "#/components/parameters/id"}]
                post:
                  summary: "Copy as <name>_copy with the same conditions"
                  responses: {"201": {description: the new segment}}
              /v1/segments/{id}/status:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: Computation status, version and member count
                  responses: {"200": {description: "{segment_id, status (not_computed, computing, completed, failed), status_reason, version, member_count, computed_at, progress (while computing: {contacts_evaluated, contacts_total})}"}}
              /v1/segments/{id}/members:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: Members by contact id, paged, with chosen attribute columns
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, default: 100, maximum: 1000}}
                    - {name: after, in: query, description: the previous page's next, schema: {type: string}}
                    - {name: attributes, in: query, description: "comma-separated attribute keys", schema: {type: string}}
                  responses: {"200": {description: "{segment_id, total, next, members: [{contact_id, since, attributes}]}"}}
              /v1/segments/{id}/why/{contact}:
                parameters: [{$ref: "#/components/parameters/id"}, {name: contact, in: path, required: true, schema: {type: string}}]
                get:
                  summary: Which conditions held for the contact, with the values seen
                  responses: {"200": {description: "{segment_id, contact_id, member, explanation}"}, "404": {$ref: "#/components/responses/error"}}
              /v1/segments/{id}/history:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: Member count per day
                  parameters: [{name: days, in: query, schema: {type: integer, default: 30}}]
                  responses: {"200": {description: "{segment_id, days: [{day, members}]}"}}
              /v1/segments/{id}/changes:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: Who entered and left, and when (kept ROSTER_SEGMENT_HISTORY_DAYS days)
                  parameters:
                    - {name: after, in: query, schema: {type: integer}}
                    - {name: limit, in: query, schema: {type: integer, default: 100}}
                    - {name: contact, in: query, schema: {type: string}}
                  responses: {"200": {description: "{segment_id, changes: [{seq, contact_id, status, definition_version, at}]}"}}
              /v1/segment-groups:
                get:
                  summary: Built-in and custom groups
                  responses: {"200": {description: "{groups}"}}
                post:
                  summary: Create a custom group
                  requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
                  responses: {"201": {description: the group}}
              /v1/segment-groups/{id}:
                parameters: [{$ref: "#/components/parameters/id"}]
                delete:
                  summary: Delete a custom group; its segments keep existing without a group
                  responses: {"200": {description: "{deleted}"}}
            """,
        components: """
              parameters:
                id: {name: id, in: path, required: true, schema: {type: string}}
                user: {name: X-Roster-User, in: header, description: who is asking (for created-by-me and creator), schema: {type: string}}
              requestBodies:
                definition:
                  description: "A definition as DESIGN.md shows it ({name, type: standard, clusters} or {name, type: advanced, rule}), plus group_id"
                  content: {application/json: {schema: {type: object, required: [name, type]}}}
              responses:
                error: {description: the error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            """)
}
