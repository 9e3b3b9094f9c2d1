import Foundation
import RosterModel
import Testing

/// One JSON Schema file of `docs/schemas`, parsed, with accessors for what the tests compare.
struct SchemaDocument: Sendable {
    /// `docs/schemas` of this package, found by going up from this file (`Tests/RosterModelTests/…`).
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // RosterModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("docs")
        .appendingPathComponent("schemas")

    let fileName: String
    let root: [String: JSONValue]

    /// Reads and parses `docs/schemas/<fileName>`.
    static func load(_ fileName: String) throws -> SchemaDocument {
        let data = try Data(contentsOf: folder.appendingPathComponent(fileName))
        return SchemaDocument(fileName: fileName, root: try JSONDecoder().decode([String: JSONValue].self, from: data))
    }

    /// The names of every `*.schema.json` file in the folder.
    static func fileNames() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") })
    }

    /// The top-level `examples`, as JSON values.
    var examples: [JSONValue] {
        guard case .array(let values)? = root["examples"] else { return [] }
        return values
    }

    /// The top-level `required` keys.
    var requiredKeys: Set<String> {
        guard case .array(let values)? = root["required"] else { return [] }
        return Set(values.compactMap(\.text))
    }

    /// The keys of the top-level `properties`.
    var propertyKeys: Set<String> {
        Set(root["properties"]?.objectValue?.keys.map { $0 } ?? [])
    }

    /// The `const` of the `schema` property: the payload's schema name.
    var schemaConst: String? {
        root["properties"]?.objectValue?["schema"]?.objectValue?["const"]?.text
    }
}

/// A schema file and the topic whose codec its examples must satisfy.
struct PayloadSchema: Sendable, CustomTestStringConvertible {
    /// What one example gives through the codec: the value decoded twice, compared, and the bytes in between.
    struct RoundTrip: Sendable {
        var reencoded: [UInt8]
        var decodedValuesAreEqual: Bool
    }

    let fileName: String
    let schemaName: String
    /// Decodes with the topic's codec and throws what the codec throws.
    let decode: @Sendable ([UInt8]) throws -> Void
    /// Decodes with the topic's codec, encodes the value, and decodes that again.
    let roundTrip: @Sendable ([UInt8]) throws -> RoundTrip

    init<Value: Equatable>(_ fileName: String, _ topic: Topic<Value>, schemaName: String) {
        self.fileName = fileName
        self.schemaName = schemaName
        self.decode = { bytes in _ = try topic.decode(bytes) }
        self.roundTrip = { bytes in
            let first = try topic.decode(bytes)
            let reencoded = try topic.encode(first)
            let second = try topic.decode(reencoded)
            return RoundTrip(reencoded: reencoded, decodedValuesAreEqual: first == second)
        }
    }

    var testDescription: String { fileName }

    /// Every public payload: its schema file and its topic.
    static let all: [PayloadSchema] = [
        PayloadSchema("contact-event.schema.json", Topics.contactEvents, schemaName: ContactEvent.schemaName),
        PayloadSchema("profile.schema.json", Topics.profiles, schemaName: ProfileSnapshot.schemaName),
        PayloadSchema("activity.schema.json", Topics.activity, schemaName: ActivityRecord.schemaName),
        PayloadSchema(
            "segment-membership.schema.json", Topics.segmentMembership,
            schemaName: SegmentMembershipChange.schemaName),
        PayloadSchema("social-event.schema.json", Topics.socialEvents, schemaName: SocialEvent.schemaName),
        PayloadSchema(
            "social-contact.schema.json", Topics.socialContacts, schemaName: SocialContactSnapshot.schemaName),
        PayloadSchema("export-request.schema.json", Topics.exportRequests, schemaName: ExportRequest.schemaName),
        PayloadSchema("export-result.schema.json", Topics.exportResults, schemaName: ExportResult.schemaName),
    ]
}

extension JSONValue {
    /// The members of an object, or `nil`.
    var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// This object without `key`.
    func removing(_ key: String) -> JSONValue {
        guard var members = objectValue else { return self }
        members[key] = nil
        return .object(members)
    }

    /// This object with `key` set to `value`.
    func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard var members = objectValue else { return self }
        members[key] = value
        return .object(members)
    }

    /// The value as JSON bytes, keys sorted, as a producer would send it.
    func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// Parses JSON bytes.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}

extension ContactEvent {
    /// The examples of `contact-event.schema.json`, decoded with the topic's codec.
    static func schemaExamples() throws -> [ContactEvent] {
        try SchemaDocument.load("contact-event.schema.json").examples.map {
            try Topics.contactEvents.decode($0.bytes())
        }
    }

    /// The schema's example of `type`.
    static func schemaExample(_ type: ContactEventType) throws -> ContactEvent {
        try #require(try schemaExamples().first { $0.type == type })
    }
}
