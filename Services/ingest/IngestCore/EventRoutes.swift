import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import RosterKafka
import RosterModel
import RosterRuntime

/// `POST /v1/events` (contact events for systems without Kafka) and `POST /v1/contacts` (one contact).
/// Each checks its events as the resolver will (`PostedEventCheck`), publishes them to `cdp.contact-events` keyed by
/// tenant, and answers 202 with the event ids.
struct EventRoutes {
    let worker: WorkerContext

    struct EventBatch: Decodable {
        var events: [ContactEvent]
    }

    struct Accepted: ResponseEncodable {
        var accepted: Int
        var eventIds: [String]
    }

    struct NewContact: Decodable {
        var identifiers: [String: String]
        var attributes: [String: JSONValue]?
        var tags: [String]?
        var mode: WriteMode?
    }

    func add(to group: RouterGroup<RosterRequestContext>) {
        group.post("events") { request, context in
            let tenant = try context.writer().tenant
            let batch = try await request.decode(as: EventBatch.self, context: context)
            let events = try await checked(batch.events, tenant: tenant)
            try await publish(events, tenant: tenant)
            return EditedResponse(
                status: .accepted, response: Accepted(accepted: events.count, eventIds: events.map(\.id)))
        }
        group.post("contacts") { request, context in
            let tenant = try context.writer().tenant
            let body = try await request.decode(as: NewContact.self, context: context)
            // A retried call with the same Idempotency-Key publishes the same event id, which is applied once.
            let id =
                request.headers[HTTPField.Name("Idempotency-Key")!].map { "http:\($0)" }
                ?? UUID().uuidString.lowercased()
            let event = ContactEvent(
                id: id, tenant: tenant, type: .upsert,
                occurredAt: Timestamps.format(Date()), source: "http", identifiers: body.identifiers,
                attributes: body.attributes, tags: body.tags, mode: body.mode ?? .normal)
            let events = try await checked([event], tenant: tenant, primaryKeyRequired: true)
            try await publish(events, tenant: tenant)
            return EditedResponse(status: .accepted, response: Accepted(accepted: 1, eventIds: [event.id]))
        }
    }

    /// The events checked against the tenant's definitions, with the tenant stamped on each.
    private func checked(_ events: [ContactEvent], tenant: String, primaryKeyRequired: Bool = false) async throws
        -> [ContactEvent]
    {
        try await worker.database.read { db in
            var check = try PostedEventCheck.load(db, tenant: tenant)
            return try check.checked(events, tenant: tenant, primaryKeyRequired: primaryKeyRequired)
        }
    }

    private func publish(_ events: [ContactEvent], tenant: String) async throws {
        try await worker.publish(Topics.contactEvents, events.map { (key: tenant, value: $0) })
    }
}
