import RosterRuntime

/// The social-sync worker's OpenAPI document, served at `/openapi.yaml`.
enum SocialSyncOpenAPI {
    static let document = OpenAPIDocument(
        title: "Roster social-sync",
        paths: """
              /v1/social/counts:
                get:
                  summary: Effective (subscribed) and total contacts of a channel, live
                  parameters: [{$ref: "#/components/parameters/channel"}]
                  responses: {"200": {description: "{channel, effective, total}"}, "400": {$ref: "#/components/responses/Error"}}
              /v1/social/fields:
                get:
                  summary: The fields a contact of the channel has, in display order
                  parameters: [{$ref: "#/components/parameters/channel"}]
                  responses: {"200": {description: "{channel, fields: [name]}"}}
              /v1/social/contacts:
                get:
                  summary: A page of the channel's contacts matching every condition given (ANDed)
                  description: >-
                    Conditions: display_name (exact), tag, no_tag, has / missing (member_id, phone, email, contact_id,
                    attribute.KEY), the same fields = a value (an e-mail or a phone read as the tenant's events read
                    them, an attribute compared as text), subscribed_at / customer_last_interaction_at / team_last_marketing_at /
                    team_last_interaction_at / last_checkout_at = FROM..TO (dates or RFC 3339 times, either side may be
                    empty), subscribed / social_bound / phone_bound / member_bound / recurring_notification / over_quota /
                    test_list = true|false, omo_bound = true|false, teammate, store. Each may repeat.
                  parameters:
                    - {$ref: "#/components/parameters/channel"}
                    - {name: page, in: query, schema: {type: integer, minimum: 1}}
                    - {name: page_size, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
                  responses: {"200": {description: "{channel, total, page, page_size, contacts: [contact with the channel's fields]}"}, "400": {$ref: "#/components/responses/Error"}}
              /v1/social/contacts/{channel}/{user_id}:
                get:
                  summary: One contact, with exactly its channel's fields
                  parameters: [{$ref: "#/components/parameters/pathChannel"}, {$ref: "#/components/parameters/userId"}]
                  responses: {"200": {description: the contact}, "404": {$ref: "#/components/responses/Error"}}
                delete:
                  summary: Deletes the contact permanently (publishes a deleted event; its snapshot is tombstoned)
                  parameters:
                    - {$ref: "#/components/parameters/pathChannel"}
                    - {$ref: "#/components/parameters/userId"}
                    - {name: confirm, in: query, required: true, schema: {const: DELETE}}
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "400": {$ref: "#/components/responses/Error"}, "404": {$ref: "#/components/responses/Error"}}
              /v1/social/contacts/{channel}/{user_id}/unsubscribe:
                post:
                  summary: Stops marketing pushes to the contact on this channel only
                  parameters: [{$ref: "#/components/parameters/pathChannel"}, {$ref: "#/components/parameters/userId"}]
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "404": {$ref: "#/components/responses/Error"}}
              /v1/social/whatsapp/contacts:
                post:
                  summary: Adds a WhatsApp contact by hand
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [country, number]
                          properties: {name: {type: string}, country: {type: string, description: ISO country, e.g. TW}, number: {type: string, description: local number}, tags: {type: array, items: {type: string}}}
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "400": {$ref: "#/components/responses/Error"}}
              /v1/social/export:
                get:
                  summary: CSV of the channel's user ids (LINE UID, FB PSID, IG SID, WhatsApp phone, WeChat openid), all or searched
                  parameters: [{$ref: "#/components/parameters/channel"}]
                  responses: {"200": {description: "text/csv: a header, then one user id per line"}}
              /v1/social/tags/frequency:
                get:
                  summary: How many times each tag was applied to the channel's contacts in a date range
                  parameters:
                    - {$ref: "#/components/parameters/channel"}
                    - {name: from, in: query, required: true, schema: {type: string, format: date}}
                    - {name: to, in: query, required: true, schema: {type: string, format: date}}
                  responses: {"200": {description: "{channel, from, to, tags: [{tag, times}]}"}}
              /v1/social/test-list:
                get:
                  summary: The channel's test list
                  parameters: [{$ref: "#/components/parameters/channel"}]
                  responses: {"200": {description: "{channel, contacts}"}}
                post:
                  summary: Puts a contact on its channel's test list
                  requestBody: {content: {application/json: {schema: {type: object, required: [channel, channel_user_id], properties: {channel: {type: string}, channel_user_id: {type: string}}}}}}
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "404": {$ref: "#/components/responses/Error"}}
              /v1/social/test-list/{channel}/{user_id}:
                delete:
                  summary: Takes a contact off its channel's test list
                  parameters: [{$ref: "#/components/parameters/pathChannel"}, {$ref: "#/components/parameters/userId"}]
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "404": {$ref: "#/components/responses/Error"}}
              /v1/social/teammates:
                get:
                  summary: The tenant's teammates
                  responses: {"200": {description: "{teammates: [{teammate_id, name, role, store_code}]}"}}
                post:
                  summary: Creates or replaces a teammate (role sales, sales_manager, clerk or manager) at an existing store
                  requestBody: {content: {application/json: {schema: {type: object, required: [teammate_id, role, store_code], properties: {teammate_id: {type: string}, name: {type: string}, role: {type: string}, store_code: {type: string}}}}}}
                  responses: {"202": {$ref: "#/components/responses/Accepted"}, "400": {$ref: "#/components/responses/Error"}}
              /v1/social/stores:
                get:
                  summary: The tenant's stores
                  responses: {"200": {description: "{stores: [{store_code, name}]}"}}
                post:
                  summary: Creates or renames a store
                  requestBody: {content: {application/json: {schema: {type: object, required: [store_code], properties: {store_code: {type: string}, name: {type: string}}}}}}
                  responses: {"202": {$ref: "#/components/responses/Accepted"}}
              /v1/social/imports:
                get:
                  summary: The tenant's social import jobs, newest first
                  responses: {"200": {description: "{jobs: [job]}"}}
                post:
                  summary: Uploads a CSV of one channel's user ids (UTF-8, UTF-16 with or without BOM, GB18030/GBK or Big5); validates every row and, without errors, queues a job
                  parameters:
                    - {$ref: "#/components/parameters/channel"}
                    - {name: overwrite_tags, in: query, schema: {type: boolean}, description: "a row's tags replace the contact's tags"}
                    - {name: validate_only, in: query, schema: {type: boolean}}
                    - {name: file_name, in: query, schema: {type: string}}
                    - {name: encoding, in: query, schema: {enum: [utf-8, utf-16le, utf-16be, gb18030, gbk, big5]}, description: "the file's encoding; detected when left out; a cell that does not decode makes its row an error"}
                  requestBody: {content: {text/csv: {schema: {type: string}}}}
                  responses:
                    "200": {description: "validate_only: {channel, encoding, total, valid, warnings: [{row, field, value, reason}]}"}
                    "202": {description: "queued: the same with job"}
                    "422": {description: "the error shape, code invalid_file, one detail per problem with row, field (the column), value and reason; nothing imported", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
              /v1/social/imports/{job_id}:
                get:
                  summary: One import job and its progress (rows_done of total)
                  parameters: [{$ref: "#/components/parameters/jobId"}]
                  responses: {"200": {description: the job}, "404": {$ref: "#/components/responses/Error"}}
              /v1/social/imports/{job_id}/cancel:
                post:
                  summary: Cancels a waiting or importing job
                  parameters: [{$ref: "#/components/parameters/jobId"}]
                  responses: {"200": {description: the cancelled job}, "409": {$ref: "#/components/responses/Error"}}
            """,
        components: """
              parameters:
                channel: {name: channel, in: query, required: true, schema: {enum: [line, facebook, instagram, whatsapp, wechat]}}
                pathChannel: {name: channel, in: path, required: true, schema: {enum: [line, facebook, instagram, whatsapp, wechat]}}
                userId: {name: user_id, in: path, required: true, schema: {type: string}}
                jobId: {name: job_id, in: path, required: true, schema: {type: string}}
              responses:
                Error: {description: "the one error shape", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                Accepted: {description: "{event_id, applied, channel_user_id}: published; applied says whether this worker applied it within 5 s"}
            """)
}
