import Foundation

/// The one JSON encoding every topic payload uses: snake_case keys, sorted for stable bytes.
public enum WireCodec {
    /// Encodes a payload (through its own writer when it has one: the same bytes, faster).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let fast = value as? any FastJSONEncodable {
            // Room for a typical snapshot (about 600 bytes on cdp.social-contacts), which grew the default 256 twice.
            return fast.jsonBytes(capacity: 1024)
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Decodes a payload; a failure names the field at fault.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let fast = type as? any FastJSONDecodable.Type {
            return try fast.init(jsonBytes: bytes) as! T
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw WireError(describing: error)
        }
    }
}

/// A payload that could not be decoded or is not valid, with the field and reason.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the field at fault (`identifiers.mobile`), or empty for the whole payload.
    public var field: String
    /// Why it is wrong.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    init(describing error: DecodingError) {
        func path(_ context: DecodingError.Context, _ extra: CodingKey? = nil) -> String {
            (context.codingPath + (extra.map { [$0] } ?? [])).map { key in
                key.intValue.map(String.init) ?? key.stringValue.snakeCased
            }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): self.init(field: path(context, key), reason: "is required")
        case .typeMismatch(let type, let context): self = .mustBe(Self.kind(of: type), field: path(context))
        case .valueNotFound(let type, let context):
            self = .mustBe(Self.kind(of: type), field: path(context), null: true)
        case .dataCorrupted(let context):
            self.init(field: path(context), reason: context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        @unknown default: self.init(field: "", reason: "\(error)")
        }
    }

    public var description: String { field.isEmpty ? reason : "\(field) \(reason)" }

    /// The kinds of JSON value a field is read as, named as people who write JSON call them.
    public enum Kind: String, Sendable {
        case text, wholeNumber = "a whole number", number = "a number", boolean = "true or false", list = "a list"
        case object = "an object"
    }

    /// A field holding another kind of value than it is read as: `must be text`, `must be a list, not null`.
    public static func mustBe(_ kind: Kind, field: String = "", null: Bool = false) -> WireError {
        WireError(field: field, reason: "must be \(kind.rawValue)" + (null ? ", not null" : ""))
    }

    /// The kind of JSON value a Swift type is decoded from (a keyed container reports `Dictionary<String, Any>`).
    static func kind(of type: Any.Type) -> Kind {
        switch type {
        case is String.Type: .text
        case is Bool.Type: .boolean
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type, is UInt32.Type: .wholeNumber
        case is Double.Type, is Float.Type: .number
        default: String(describing: type).hasPrefix("Array") ? .list : .object
        }
    }
}

extension String {
    /// `occurredAt` → `occurred_at`.
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
