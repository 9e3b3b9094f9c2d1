import Foundation
import RosterModel

/// Checks attribute values and event properties against a tenant's definitions (presets included); every error names
/// the key and value. The resolver checks each consumed event with it, and ingest each event posted over HTTP, so
/// that what the resolver would dead-letter is a 400 there.
public enum DefinitionCheck {
    /// Throws `invalid_attribute` naming every attribute that is not defined or whose value does not fit its type.
    public static func validate(attributes: [String: JSONValue], defined: [String: AttributeDefinition]) throws {
        let problems = mismatches(attributes, field: "attributes", undefined: "is not a defined attribute") {
            defined[$0].map { ($0.type, $0.options) }
        }
        try throwIfAny(problems, code: "invalid_attribute")
    }

    /// Throws `unknown_event` for an undefined event, `invalid_property` naming every property that is not the
    /// event's or does not fit its type.
    public static func validate(
        event name: String, properties: [String: JSONValue], defined: [String: EventDefinition]
    ) throws {
        guard let definition = defined[name] else {
            throw RosterError(
                code: "unknown_event", message: "event \(name) is not defined for this tenant",
                details: [.init(field: "event", value: name, reason: "is not a defined event")])
        }
        guard let types = definition.properties else { return }
        let problems = mismatches(properties, field: "properties", undefined: "is not a property of \(name)") {
            types[$0].map { ($0, nil) }
        }
        try throwIfAny(problems, code: "invalid_property")
    }

    /// An event's identifiers (and the values of primary-key attributes it carries), normalized. An identifier kind
    /// that is neither a channel identifier nor a primary key, or a value the normalizer refuses, is an
    /// `invalid_identifier` naming each.
    public static func identifiers(
        _ identifiers: [String: String]?, attributes: [String: JSONValue]?, primaryKeys: Set<String>,
        identifierKinds: Set<String>, normalizer: IdentifierNormalizer
    ) throws -> [(kind: String, value: String)] {
        var raw = (identifiers ?? [:]).filter { !$0.value.isEmpty }
        for key in primaryKeys {
            if raw[key] == nil, let text = attributes?[key]?.text, !text.isEmpty { raw[key] = text }
        }
        var result: [(String, String)] = []
        var problems: [RosterError.Detail] = []
        for (kind, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard identifierKinds.contains(kind) else {
                problems.append(
                    .init(
                        field: "identifiers.\(kind)", value: value, reason: "is not an identifier kind or primary key"))
                continue
            }
            switch normalizer.normalize(kind: kind, value: value) {
            case .success(let normalized): result.append((kind, normalized))
            case .failure(let invalid):
                problems.append(.init(field: "identifiers.\(kind)", value: value, reason: invalid.reason))
            }
        }
        try throwIfAny(problems, code: "invalid_identifier")
        return result
    }

    /// Each value whose key `typeOf` does not know (`undefined` says why) or whose value does not fit the type it
    /// gives, as a detail naming `field.key` and the value, in key order.
    private static func mismatches(
        _ values: [String: JSONValue], field: String, undefined: String,
        typeOf: (String) -> (type: AttributeType, options: [String]?)?
    ) -> [RosterError.Detail] {
        values.sorted { $0.key < $1.key }.compactMap { key, value in
            guard let (type, options) = typeOf(key) else {
                return .init(field: "\(field).\(key)", value: value.text, reason: undefined)
            }
            return mismatch(value, type: type, options: options).map {
                .init(field: "\(field).\(key)", value: value.text ?? "\(value)", reason: $0)
            }
        }
    }

    private static func throwIfAny(_ problems: [RosterError.Detail], code: String) throws {
        guard !problems.isEmpty else { return }
        throw RosterError(
            code: code,
            message: problems.map { "\($0.field ?? "") \($0.value.map { "'\($0)' " } ?? "")\($0.reason)" }
                .joined(separator: "; "),
            details: problems)
    }

    /// Why a value does not fit a type, or `nil` when it does. `null` fits every type (it clears the value).
    public static func mismatch(_ value: JSONValue, type: AttributeType, options: [String]?) -> String? {
        if case .null = value { return nil }
        switch (type, value) {
        case (.text, .string): return nil
        case (.number, .int), (.number, .double): return nil
        case (.boolean, .bool): return nil
        case (.date, .string(let text)):
            return isDate(text) ? nil : "must be a date YYYY-MM-DD"
        case (.datetime, .string(let text)):
            return Timestamps.parse(text) != nil ? nil : "must be an RFC 3339 time"
        case (.enum, .string(let text)):
            guard let options, !options.isEmpty else { return nil }
            return options.contains(text) ? nil : "must be one of \(options.joined(separator: ", "))"
        default:
            return "must be \(type.rawValue)"
        }
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let month = Int(parts[1]), let day = Int(parts[2]) else {
            return false
        }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
