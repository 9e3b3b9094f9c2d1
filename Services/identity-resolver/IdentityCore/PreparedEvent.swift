import Foundation
import RosterModel
import RosterRuntime
import Synchronization

/// A contact event checked when it is consumed, against its tenant's catalog at that point of the stream, and kept
/// until the end of its batch, where it is applied. Every check that can reject an event is made here, so that a
/// rejected event goes to the dead-letter topic alone and the batch's end cannot fail on data.
struct PreparedEvent: Sendable {
    let event: ContactEvent
    /// The catalog as it was when the event was consumed (a later event of the batch may change it).
    let catalog: TenantCatalog
    /// The event's identifiers, normalized; for a change, only those that may join contacts.
    let identifiers: [(kind: String, value: String)]
    /// A change's blocked identifiers: flagged on the contact, never joined.
    let blocked: [(kind: String, value: String)]

    init(_ event: ContactEvent, catalog: TenantCatalog) throws {
        self.event = event
        self.catalog = catalog
        if event.type == .delete || event.type == .unlink {
            identifiers = try IdentifierSet.normalized(event, catalog: catalog)
            blocked = []
            return
        }
        if let attributes = event.attributes {
            try DefinitionCheck.validate(attributes: attributes, defined: catalog.attributes)
        }
        if event.type == .activity, let name = event.event {
            try DefinitionCheck.validate(event: name, properties: event.properties ?? [:], defined: catalog.events)
        }
        var usable: [(kind: String, value: String)] = []
        var blocked: [(kind: String, value: String)] = []
        for identifier in try IdentifierSet.normalized(event, catalog: catalog) {
            if catalog.guards.isBlocked(kind: identifier.kind, value: identifier.value) {
                blocked.append(identifier)
            } else {
                usable.append(identifier)
            }
        }
        guard !usable.isEmpty else {
            throw RosterError(
                code: "blocked_identifiers",
                message: "every identifier of event \(event.id) is blocked: "
                    + blocked.map { "\($0.kind) \($0.value)" }.joined(separator: ", "))
        }
        identifiers = usable
        self.blocked = blocked
    }
}

/// The checked contact events of the batch being applied, in order, until its end takes them.
final class PendingEvents: Sendable {
    private let events = Mutex<[PreparedEvent]>([])

    func append(_ event: PreparedEvent) {
        events.withLock { $0.append(event) }
    }

    /// The events kept so far, leaving none.
    func take() -> [PreparedEvent] {
        events.withLock { events in
            defer { events = [] }
            return events
        }
    }
}
