import RosterRuntime

/// The resolver's OpenAPI document, served at `/openapi.yaml`.
enum IdentityOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster identity-resolver",
        paths: """
              /v1/contacts:
                get:
                  summary: One contact by identifier (identifier=KIND:VALUE), or a page of contacts of a category
                  parameters:
                    - {name: identifier, in: query, schema: {type: string}, example: "mobile:8613800000001"}
                    - {$ref: "#/components/parameters/category"}
                    - {$ref: "#/components/parameters/columns"}
                    - {$ref: "#/components/parameters/page"}
                    - {$ref: "#/components/parameters/pageSize"}
                  responses: {"200": {description: "the 360° view, or {total, page, page_size, contacts}"}, "404": {$ref: "#/components/responses/error"}}
              /v1/contacts/search:
                get:
                  summary: Contacts matching every condition
                  parameters:
                    - {name: where, in: query, description: "FIELD=VALUE, exact (identifiers compare normalized)", schema: {type: array, items: {type: string}}, explode: true}
                    - {name: contains, in: query, description: "FIELD=TEXT, substring", schema: {type: array, items: {type: string}}, explode: true}
                    - {name: tag, in: query, schema: {type: array, items: {type: string}}, explode: true}
                    - {$ref: "#/components/parameters/category"}
                    - {$ref: "#/components/parameters/columns"}
                    - {$ref: "#/components/parameters/page"}
                    - {$ref: "#/components/parameters/pageSize"}
                  responses: {"200": {description: "{total, page, page_size, contacts: [{contact_id, identifiers, attributes, tags}]}"}, "400": {$ref: "#/components/responses/error"}}
              /v1/contacts/counts:
                get:
                  summary: Contacts per category, live
                  responses: {"200": {description: "{all, real_name, anonymous, wechat_fans}"}}
              /v1/contacts/{id}:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: "The 360° view: identifiers, attributes, tags, hidden_tags, subscriptions, merges, flags, latest timeline"
                  responses: {"200": {description: the contact}, "404": {$ref: "#/components/responses/error"}}
                delete:
                  summary: Delete the contact (publishes contact.delete)
                  responses: {"202": {$ref: "#/components/responses/accepted"}, "403": {$ref: "#/components/responses/error"}, "404": {$ref: "#/components/responses/error"}}
              /v1/contacts/{id}/why:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: The merges that formed this contact
                  responses: {"200": {description: "{contact_id, merges: [{survivor_id, merged_id, joined_by_kind, joined_by_value, event_id, merged_at}]}"}}
              /v1/contacts/{id}/timeline:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: The contact's timeline, newest first
                  parameters:
                    - {name: event, in: query, schema: {type: string}}
                    - {name: format, in: query, description: csv downloads every matching entry, schema: {enum: [json, csv]}}
                    - {$ref: "#/components/parameters/page"}
                    - {$ref: "#/components/parameters/pageSize"}
                  responses: {"200": {description: "{contact_id, total, page, page_size, entries: [{entry_id, event, properties, occurred_at, source}]}"}}
              /v1/contacts/{id}/calendar:
                parameters: [{$ref: "#/components/parameters/id"}]
                get:
                  summary: Event counts per day and per hour of day (UTC) over a date range
                  parameters:
                    - {name: from, in: query, required: true, schema: {type: string, format: date}}
                    - {name: to, in: query, required: true, schema: {type: string, format: date}}
                  responses: {"200": {description: "{contact_id, from, to, days: {YYYY-MM-DD: n}, hours_of_day: {HH: n}}"}}
              /v1/contacts/{id}/tags:
                parameters: [{$ref: "#/components/parameters/id"}]
                post:
                  summary: Add visible or hidden tags, or remove tags (publishes contact.tags)
                  requestBody: {content: {application/json: {schema: {type: object, properties: {add: {type: array, items: {type: string}}, add_hidden: {type: array, items: {type: string}}, remove: {type: array, items: {type: string}}}}}}}
                  responses: {"202": {$ref: "#/components/responses/accepted"}}
              /v1/metadata/attributes:
                get: {summary: "Attribute definitions, presets included", responses: {"200": {description: "{attributes: [{key, label, type, primary_key, options}]}"}}}
                post:
                  summary: Define or update an attribute (publishes metadata.attribute)
                  requestBody: {content: {application/json: {schema: {type: object, required: [key, label, type], properties: {key: {type: string}, label: {type: string}, type: {enum: [text, number, boolean, date, datetime, enum]}, primary_key: {type: boolean}, options: {type: array, items: {type: string}}}}}}}
                  responses: {"202": {$ref: "#/components/responses/accepted"}, "400": {$ref: "#/components/responses/error"}}
              /v1/metadata/events:
                get: {summary: "Event definitions, presets included", responses: {"200": {description: "{events: [{key, label, properties}]}"}}}
                post:
                  summary: Define or update an event (publishes metadata.event)
                  requestBody: {content: {application/json: {schema: {type: object, required: [key, label], properties: {key: {type: string}, label: {type: string}, properties: {type: object, additionalProperties: {enum: [text, number, boolean, date, datetime, enum]}}}}}}}
                  responses: {"202": {$ref: "#/components/responses/accepted"}}
            """,
        components: """
              parameters:
                id: {name: id, in: path, required: true, schema: {type: string}}
                page: {name: page, in: query, schema: {type: integer, minimum: 1, default: 1}}
                pageSize: {name: page_size, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 50}}
                category: {name: category, in: query, schema: {enum: [all, real_name, anonymous, wechat_fans], default: all}}
                columns: {name: columns, in: query, description: "attribute keys to include, comma-separated; contact_id, created_at and identifier kinds give the contact's own values when it has no such attribute", schema: {type: string}}
              responses:
                error: {description: "{error: {code, message, details: [{row, field, value, reason}]}}"}
                accepted: {description: "the event was published: {event_id}"}
            """)
}
