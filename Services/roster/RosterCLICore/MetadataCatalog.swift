import Foundation
import RosterModel

/// The attributes a tenant may store, as `GET /v1/metadata/attributes` answers them: presets and its own.
public struct AttributeCatalog: Codable, Sendable, Equatable {
    /// The definitions, by key.
    public var attributes: [AttributeDefinition]

    /// A table — key, label, type, primary key, options — and a count.
    public var table: String {
        let rows = attributes.map { attribute in
            [
                attribute.key, attribute.label, attribute.type.rawValue, attribute.primaryKey == true ? "yes" : "",
                (attribute.options ?? []).joined(separator: ", "),
            ]
        }
        return TextFormat.table(["KEY", "LABEL", "TYPE", "PRIMARY KEY", "OPTIONS"], rows) + "\n\n"
            + TextFormat.count(attributes.count, "attribute")
    }
}

/// The behaviour events a tenant may record, as `GET /v1/metadata/events` answers them.
public struct EventCatalog: Codable, Sendable, Equatable {
    /// The definitions, by key.
    public var events: [EventDefinition]

    /// A table — key, label, properties as `name: type` — and a count.
    public var table: String {
        let rows = events.map { event in
            let properties = event.properties ?? [:]
            return [
                event.key, event.label,
                properties.keys.sorted().map { "\($0): \(properties[$0]?.rawValue ?? "")" }.joined(separator: ", "),
            ]
        }
        return TextFormat.table(["KEY", "LABEL", "PROPERTIES"], rows) + "\n\n" + TextFormat.count(events.count, "event")
    }
}
