import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// The resolver's read API (the 360° view, lists, search, timeline, merges, counts) and the writes that publish
/// contact events (delete, tags).
struct IdentityRoutes {
    let store: IdentityStore
    let worker: WorkerContext

    /// The 360° view of a contact.
    struct ContactView: ResponseCodable {
        var contactId: String
        var identifiers: [String: [String]]
        var attributes: [String: JSONValue]
        var tags: [String]
        /// Shown apart from the visible tags, which lists and exports show alone.
        var hiddenTags: [String]
        var subscriptions: Subscriptions
        var createdAt: String
        var updatedAt: String
        var merges: [MergeRecord]
        var flags: [ContactFlag]
        var timeline: [Timeline.Entry]
        var timelineTotal: Int
    }

    /// A page of contacts with the chosen attribute columns.
    struct ContactPage: ResponseEncodable {
        var total: Int
        var page: Int
        var pageSize: Int
        var contacts: [Row]

        struct Row: Encodable {
            var contactId: String
            var identifiers: [String: [String]]
            var attributes: [String: JSONValue]
            var tags: [String]
        }
    }

    struct TimelinePage: ResponseEncodable {
        var contactId: String
        var total: Int
        var page: Int
        var pageSize: Int
        var entries: [Timeline.Entry]
    }

    /// Event counts per day and per hour of day (UTC) over a date range.
    struct CalendarView: ResponseEncodable {
        var contactId: String
        var from: String
        var to: String
        var days: [String: Int]
        var hoursOfDay: [String: Int]
    }

    struct Accepted: ResponseEncodable {
        var eventId: String
    }

    struct TagChange: Decodable {
        var add: [String]?
        /// Tags to add as hidden.
        var addHidden: [String]?
        var remove: [String]?
    }

    func add(to group: RouterGroup<RosterRequestContext>) {
        group.get("contacts/counts") { _, context in
            CountsResponse(counts: try store.counts(tenant: try context.caller().tenant))
        }
        group.get("contacts/search") { request, context in
            try search(request, tenant: try context.caller().tenant)
        }
        group.get("contacts/:id") { _, context in
            try view(tenant: try context.caller().tenant, id: try context.parameters.require("id"))
        }
        group.get("contacts/:id/why") { _, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            return MergesResponse(contactId: id, merges: try view(tenant: tenant, id: id).merges)
        }
        group.get("contacts/:id/timeline") { request, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            _ = try contact(tenant: tenant, id: id)
            let event = request.uri.queryParameters.get("event")
            if request.uri.queryParameters.get("format") == "csv" {
                let all = try store.timeline(tenant: tenant, contactID: id, event: event, limit: 1_000_000, offset: 0)
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/csv; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"timeline-\(id).csv\"",
                    ],
                    body: .init(byteBuffer: ByteBuffer(string: try Timeline.csv(all.entries))))
            }
            let paging = try Paging(request)
            let page = try store.timeline(
                tenant: tenant, contactID: id, event: event, limit: paging.size, offset: paging.offset)
            return try TimelinePage(
                contactId: id, total: page.total, page: paging.page, pageSize: paging.size, entries: page.entries
            ).response(from: request, context: context)
        }
        group.get("contacts/:id/calendar") { request, context in
            let tenant = try context.caller().tenant
            let id = try context.parameters.require("id")
            _ = try contact(tenant: tenant, id: id)
            let query = request.uri.queryParameters
            guard let from = query.get("from"), let to = query.get("to"), from.count == 10, to.count == 10, from <= to
            else {
                throw RosterError.invalid("give from=YYYY-MM-DD and to=YYYY-MM-DD, from not after to")
            }
            let counts = try store.calendar(tenant: tenant, contactID: id, from: from, to: to)
            return CalendarView(contactId: id, from: from, to: to, days: counts.days, hoursOfDay: counts.hours)
        }
        group.get("contacts") { request, context in
            let tenant = try context.caller().tenant
            if let query = request.uri.queryParameters.get("identifier") {
                return try Response.json(try lookup(query, tenant: tenant), context: context, request: request)
            }
            return try Response.json(try search(request, tenant: tenant), context: context, request: request)
        }
        group.delete("contacts/:id") { _, context in
            let tenant = try context.writer().tenant
            let target = try contact(tenant: tenant, id: try context.parameters.require("id"))
            return try await publish(type: .delete, about: target, context: context)
        }
        group.post("contacts/:id/tags") { request, context in
            let tenant = try context.writer().tenant
            let target = try contact(tenant: tenant, id: try context.parameters.require("id"))
            let change = try await request.decode(as: TagChange.self, context: context)
            guard !(change.add ?? []).isEmpty || !(change.addHidden ?? []).isEmpty || !(change.remove ?? []).isEmpty
            else {
                throw RosterError.invalid(
                    "give tags to add or remove", details: [.init(field: "add", reason: "is empty")])
            }
            return try await publish(type: .tags, about: target, context: context) { event in
                event.tags = change.add
                event.hiddenTags = change.addHidden
                event.removeTags = change.remove
            }
        }
    }

    /// Publishes a contact event about an existing contact (by one of its identifiers) and answers 202.
    private func publish(
        type: ContactEventType, about contact: ContactRecord, context: RosterRequestContext,
        configure: (inout ContactEvent) -> Void = { _ in }
    ) async throws -> EditedResponse<Accepted> {
        guard let kind = contact.identifiers.keys.sorted().first, let value = contact.identifiers[kind]?.first else {
            throw RosterError.invalid("contact \(contact.contactId) has no identifier to address it by")
        }
        var event = ContactEvent(
            id: "http:\(type.rawValue):\(UUID().uuidString.lowercased())", tenant: contact.tenant, type: type,
            occurredAt: Timestamps.format(Date()), source: "http", identifiers: [kind: value])
        configure(&event)
        do {
            try event.validate()
        } catch {
            // The event's tag lists, named as the request names them (`remove_tags.0` → `remove.0`).
            let list = error.field.prefix { $0 != "." }
            let named = ["tags": "add", "hidden_tags": "add_hidden", "remove_tags": "remove"][String(list)]
            let field = named.map { $0 + error.field.dropFirst(list.count) } ?? error.field
            throw RosterError.invalid("\(field) \(error.reason)", details: [.init(field: field, reason: error.reason)])
        }
        try await worker.publish(Topics.contactEvents, [(key: contact.tenant, value: event)])
        return EditedResponse(status: .accepted, response: Accepted(eventId: event.id))
    }

    private func lookup(_ query: String, tenant: String) throws -> ContactView {
        guard let colon = query.firstIndex(of: ":") else { throw RosterError.invalid("give ?identifier=KIND:VALUE") }
        let kind = String(query[..<colon])
        let raw = String(query[query.index(after: colon)...])
        let value: String
        switch try store.catalog(tenant: tenant).normalizer.normalize(kind: kind, value: raw) {
        case .success(let normalized): value = normalized
        case .failure(let invalid):
            throw RosterError.invalid(
                "identifier \(kind) \(raw) \(invalid.reason)",
                details: [.init(field: kind, value: raw, reason: invalid.reason)])
        }
        guard let id = try store.contactID(tenant: tenant, kind: kind, value: value) else {
            throw RosterError.notFound("no contact has \(kind) \(value)")
        }
        return try view(tenant: tenant, id: id)
    }

    private func search(_ request: Request, tenant: String) throws -> ContactPage {
        let query = request.uri.queryParameters
        var filters: [ContactFilter] = []
        for (name, contains) in [("where", false), ("contains", true)] {
            for text in query.getAll(name) {
                guard let filter = ContactFilter.parse(String(text), contains: contains) else {
                    throw RosterError.invalid(
                        "\(name)=\(text) is not FIELD=VALUE",
                        details: [.init(field: name, value: String(text), reason: "must be FIELD=VALUE")])
                }
                filters.append(filter)
            }
        }
        filters += query.getAll("tag").map { ContactFilter.tag(String($0)) }
        let categoryText = query.get("category") ?? "all"
        guard let category = ContactCategory(rawValue: categoryText) else {
            throw RosterError.invalid(
                "category \(categoryText) is not one of \(ContactCategory.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let columns = query.get("columns").map { Set($0.split(separator: ",").map(String.init)) }
        let paging = try Paging(request)
        let result = try store.search(
            tenant: tenant, filters: filters, category: category, limit: paging.size, offset: paging.offset)
        return ContactPage(
            total: result.total, page: paging.page, pageSize: paging.size,
            contacts: result.contacts.map { contact in
                ContactPage.Row(
                    contactId: contact.contactId, identifiers: contact.identifiers,
                    attributes: columns.map { contact.columns($0) } ?? contact.attributes, tags: contact.tags)
            })
    }

    private func contact(tenant: String, id: String) throws -> ContactRecord {
        if let contact = try store.contact(tenant: tenant, id: id) { return contact }
        if let survivor = try store.mergedInto(tenant: tenant, id: id) {
            throw RosterError.notFound("contact \(id) was merged into \(survivor)")
        }
        throw RosterError.notFound("no contact \(id)")
    }

    private func view(tenant: String, id: String) throws -> ContactView {
        let contact = try contact(tenant: tenant, id: id)
        let timeline = try store.timeline(tenant: tenant, contactID: id, event: nil, limit: 20, offset: 0)
        return ContactView(
            contactId: contact.contactId, identifiers: contact.identifiers, attributes: contact.attributes,
            tags: contact.tags, hiddenTags: contact.hiddenTags, subscriptions: contact.subscriptions,
            createdAt: contact.createdAt,
            updatedAt: contact.updatedAt, merges: try store.merges(tenant: tenant, survivor: id), flags: contact.flags,
            timeline: timeline.entries, timelineTotal: timeline.total)
    }

    struct CountsResponse: ResponseEncodable {
        var counts: CategoryCounts

        func encode(to encoder: any Encoder) throws { try counts.encode(to: encoder) }
    }

    struct MergesResponse: ResponseEncodable {
        var contactId: String
        var merges: [MergeRecord]
    }
}

/// `?page=` (from 1) and `?page_size=` (1 to 1000, default 50).
struct Paging {
    var page: Int
    var size: Int
    var offset: Int { (page - 1) * size }

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        page = Int(query.get("page") ?? "1") ?? 0
        size = Int(query.get("page_size") ?? "50") ?? 0
        guard page >= 1 else { throw RosterError.invalid("page must be a number from 1") }
        guard (1...1000).contains(size) else { throw RosterError.invalid("page_size must be 1 to 1000") }
    }
}

extension Response {
    /// Encodes a value with the context's JSON encoder.
    static func json(_ value: some ResponseEncodable, context: RosterRequestContext, request: Request) throws
        -> Response
    {
        try value.response(from: request, context: context)
    }
}
