import Foundation
import Hummingbird
import RosterModel
import RosterRuntime

/// Attribute and event definitions: list (presets and the tenant's own), create or update by publishing
/// a `metadata.*` event that the resolver applies and republishes on `cdp.metadata`.
struct MetadataRoutes {
    let store: IdentityStore
    let worker: WorkerContext

    struct AttributeList: ResponseEncodable {
        var attributes: [AttributeDefinition]
    }

    struct EventList: ResponseEncodable {
        var events: [EventDefinition]
    }

    struct Accepted: ResponseEncodable {
        var eventId: String
    }

    func add(to group: RouterGroup<RosterRequestContext>) {
        group.get("metadata/attributes") { _, context in
            AttributeList(
                attributes: try store.catalog(tenant: try context.caller().tenant).attributes.values.sorted {
                    $0.key < $1.key
                })
        }
        group.get("metadata/events") { _, context in
            EventList(
                events: try store.catalog(tenant: try context.caller().tenant).events.values.sorted { $0.key < $1.key })
        }
        group.post("metadata/attributes") { request, context in
            let tenant = try context.writer().tenant
            let definition = try await request.decode(as: AttributeDefinition.self, context: context)
            try Self.checkKey(definition.key)
            try Self.checkLabel(definition.label)
            if definition.type == .enum && (definition.options ?? []).isEmpty {
                throw RosterError.invalid(
                    "an enum attribute needs options", details: [.init(field: "options", reason: "is empty")])
            }
            if Presets.attributes.contains(where: { $0.key == definition.key }) {
                throw RosterError.invalid("\(definition.key) is a preset attribute and cannot be redefined")
            }
            return try await publish(
                ContactEvent(
                    id: "http:metadata:\(UUID().uuidString.lowercased())", tenant: tenant, type: .attributeDefined,
                    occurredAt: Timestamps.format(Date()), source: "http", attributeDefinition: definition))
        }
        group.post("metadata/events") { request, context in
            let tenant = try context.writer().tenant
            let definition = try await request.decode(as: EventDefinition.self, context: context)
            try Self.checkKey(definition.key)
            try Self.checkLabel(definition.label)
            return try await publish(
                ContactEvent(
                    id: "http:metadata:\(UUID().uuidString.lowercased())", tenant: tenant, type: .eventDefined,
                    occurredAt: Timestamps.format(Date()), source: "http", eventDefinition: definition))
        }
    }

    private func publish(_ event: ContactEvent) async throws -> EditedResponse<Accepted> {
        try await worker.publish(Topics.contactEvents, [(key: event.tenant, value: event)])
        return EditedResponse(status: .accepted, response: Accepted(eventId: event.id))
    }

    /// A label is what people see (and may name an import column by): not blank.
    static func checkLabel(_ label: String) throws {
        guard label.contains(where: { !$0.isWhitespace }) else {
            throw RosterError.invalid(
                "label must not be empty", details: [.init(field: "label", value: label, reason: "must not be empty")])
        }
    }

    /// Keys are stable snake_case names.
    static func checkKey(_ key: String) throws {
        let valid =
            !key.isEmpty && key.first!.isLetter
            && key.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "_" }
        guard valid else {
            throw RosterError.invalid(
                "key \(key) must be snake_case: lower-case letters, digits and _",
                details: [.init(field: "key", value: key, reason: "must be snake_case")])
        }
    }
}

extension AttributeDefinition: ResponseCodable {}
extension EventDefinition: ResponseCodable {}
