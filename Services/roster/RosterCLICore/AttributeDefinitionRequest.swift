import Foundation
import RosterModel

/// The body of `POST /v1/metadata/attributes`: `{"key", "label", "type", "primary_key", "options"}`.
public struct AttributeDefinitionRequest: Encodable, Sendable, Equatable {
    /// The attribute's snake_case key.
    public var key: String
    /// What people see.
    public var label: String
    /// Its value type.
    public var type: AttributeType
    /// Whether a value makes the contact real-name and identifies it.
    public var primaryKey: Bool
    /// The allowed values of an enum attribute; empty for other types.
    public var options: [String]

    /// Checks the command's arguments: a snake_case key, a label, a known `--type`, options exactly when the type
    /// is `enum` and none given twice. A usage error names the argument at fault.
    public init(key: String, label: String, type: String, primaryKey: Bool, options: [String]) throws {
        try MetadataKey.check(key)
        try MetadataKey.checkLabel(label)
        let type = try MetadataKey.type(type, option: "--type")
        if type == .enum && options.isEmpty {
            throw RosterCLIError.usage(
                "--type enum needs its values, one --option each",
                details: [.init(field: "--option", reason: "is required for --type enum")])
        }
        if type != .enum && !options.isEmpty {
            throw RosterCLIError.usage(
                "--option is only for --type enum, not \(type.rawValue)",
                details: [.init(field: "--option", value: options[0], reason: "is only for --type enum")])
        }
        if let empty = options.firstIndex(where: { $0.isEmpty }) {
            throw RosterCLIError.usage(
                "--option must not be empty", details: [.init(row: empty + 1, field: "--option", reason: "is empty")])
        }
        if let twice = options.enumerated().first(where: { options[..<$0.offset].contains($0.element) }) {
            throw RosterCLIError.usage(
                "--option \(twice.element) is given twice",
                details: [.init(field: "--option", value: twice.element, reason: "is given twice")])
        }
        self.key = key
        self.label = label
        self.type = type
        self.primaryKey = primaryKey
        self.options = options
    }

    /// The JSON body, keys sorted.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private enum CodingKeys: String, CodingKey {
        case key, label, type, options
        case primaryKey = "primary_key"
    }
}
