import Foundation
import RosterModel

/// The body of `POST /v1/metadata/events`: `{"key", "label", "properties": {NAME: TYPE}}`.
public struct EventDefinitionRequest: Encodable, Sendable, Equatable {
    /// The event's snake_case key.
    public var key: String
    /// What people see.
    public var label: String
    /// Property name → value type.
    public var properties: [String: AttributeType]

    /// Checks the command's arguments: a snake_case key, a label, and each `--property` as NAME=TYPE with a known
    /// type and a name given once. A usage error names the argument at fault.
    public init(key: String, label: String, properties: [String]) throws {
        try MetadataKey.check(key)
        try MetadataKey.checkLabel(label)
        var types: [String: AttributeType] = [:]
        for text in properties {
            let property = try FieldAssignment.parse(
                text, option: "--property", shape: "NAME=TYPE", example: "amount=number")
            guard types[property.field] == nil else {
                throw RosterCLIError.usage(
                    "--property \(property.field) is given twice",
                    details: [.init(field: "--property", value: text, reason: "is given twice")])
            }
            types[property.field] = try MetadataKey.type(property.value, option: "--property \(property.field)")
        }
        self.key = key
        self.label = label
        self.properties = types
    }

    /// The JSON body, keys sorted.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
