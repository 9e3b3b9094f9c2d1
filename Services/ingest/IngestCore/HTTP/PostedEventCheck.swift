import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// Checks contact events posted over HTTP as the resolver will check them when it consumes them: the envelope, then
/// identifiers, attributes, the event and its properties against the tenant's definitions and settings as this
/// worker's copy of `cdp.metadata` holds them (presets included). What the resolver would dead-letter is a 400 naming the row, the
/// field and the value instead. A definition posted earlier in the same batch counts for the events after it, as it
/// will on the topic.
struct PostedEventCheck {
    private var catalog: ImportCatalog
    private var events: [String: EventDefinition]

    /// The tenant's definitions as the store holds them.
    static func load(_ db: Database, tenant: String) throws -> PostedEventCheck {
        PostedEventCheck(
            catalog: try ImportCatalog.load(db, tenant: tenant),
            events: try MetadataCatalog.definedEvents(db, tenant: tenant))
    }

    /// Stamps the caller's tenant on each event (the token decides the tenant, whatever the event says), and the time
    /// and a new id on one that leaves them out, and checks it; every problem names its row (1-based) and field. With
    /// `primaryKeyRequired` (one contact posted by hand), a contact known only by channel identifiers is refused too.
    mutating func checked(_ events: [ContactEvent], tenant: String, primaryKeyRequired: Bool = false) throws
        -> [ContactEvent]
    {
        guard !events.isEmpty else { throw RosterError.invalid("events must not be empty") }
        var problems: [RosterError.Detail] = []
        var invalid = 0
        let now = Timestamps.format(Date())
        let stamped = events.enumerated().map { index, event in
            var event = event
            let before = problems.count
            event.tenant = tenant
            if event.occurredAt.isEmpty { event.occurredAt = now }
            if event.id.isEmpty { event.id = UUID().uuidString.lowercased() }
            do {
                try check(event)
                if primaryKeyRequired { try requirePrimaryKey(event) }
            } catch let error as WireError {
                problems.append(.init(row: index + 1, field: error.field, reason: error.reason))
            } catch let error as RosterError where !error.details.isEmpty {
                problems += error.details.map { detail in
                    var detail = detail
                    detail.row = index + 1
                    return detail
                }
            } catch {
                problems.append(.init(row: index + 1, reason: "\(error)"))
            }
            if problems.count > before { invalid += 1 }
            return event
        }
        guard problems.isEmpty else {
            throw RosterError(
                code: "invalid_event", message: "\(invalid) of \(events.count) events are not valid", details: problems)
        }
        return stamped
    }

    private func requirePrimaryKey(_ event: ContactEvent) throws(WireError) {
        let keys = catalog.primaryKeys
        let identifiers = event.identifiers ?? [:]
        guard !identifiers.contains(where: { keys.contains($0.key) && !$0.value.isEmpty }) else { return }
        throw WireError(
            field: "identifiers", reason: "must include a primary key (\(keys.sorted().joined(separator: ", ")))")
    }

    private mutating func check(_ event: ContactEvent) throws {
        try event.validate()
        if let definition = event.attributeDefinition { catalog.attributes[definition.key] = definition }
        if let definition = event.eventDefinition { events[definition.key] = definition }
        if let country = event.settings?.defaultCountry { catalog.defaultCountry = country }
        guard event.identifiers != nil else { return }
        _ = try DefinitionCheck.identifiers(
            event.identifiers, attributes: event.attributes, primaryKeys: catalog.primaryKeys,
            identifierKinds: catalog.identifierKinds,
            normalizer: IdentifierNormalizer(defaultCountry: catalog.defaultCountry))
        if let values = event.attributes {
            try DefinitionCheck.validate(attributes: values, defined: catalog.attributes)
        }
        if event.type == .activity, let name = event.event {
            try DefinitionCheck.validate(event: name, properties: event.properties ?? [:], defined: events)
        }
    }
}
