import Foundation
import HTTPTypes
import Hummingbird
import RosterKafka
import RosterModel
import RosterRuntime

/// `POST /v1/events` (contact events for systems without Kafka) and `POST /v1/contacts` (one contact).
/// Each validates, publishes to `cdp.contact-events` keyed by tenant, and answers 202 with the event ids.
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
            let events = try Self.checked(batch.events, tenant: tenant)
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
            let events = try Self.checked([event], tenant: tenant)
            try await publish(events, tenant: tenant)
            return EditedResponse(status: .accepted, response: Accepted(accepted: 1, eventIds: [event.id]))
        }
    }

    /// Stamps the caller's tenant on each event and validates it; every problem names its row (1-based) and field.
    static func checked(_ events: [ContactEvent], tenant: String) throws -> [ContactEvent] {
        guard !events.isEmpty else { throw RosterError.invalid("events must not be empty") }
        var problems: [RosterError.Detail] = []
        let stamped = events.enumerated().map { index, event in
            var event = event
            event.tenant = tenant
            do {
                try event.validate()
            } catch let error as WireError {
                problems.append(.init(row: index + 1, field: error.field, reason: error.reason))
            } catch {
                problems.append(.init(row: index + 1, reason: "\(error)"))
            }
            return event
        }
        guard problems.isEmpty else {
            throw RosterError(
                code: "invalid_event", message: "\(problems.count) of \(events.count) events are not valid",
                details: problems)
        }
        return stamped
    }

    private func publish(_ events: [ContactEvent], tenant: String) async throws {
        try await worker.publish(Topics.contactEvents, events.map { (key: tenant, value: $0) })
    }
}
