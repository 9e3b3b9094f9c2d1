/// A string enum read from JSON that people write: a value it does not have is refused naming the values it may
/// take (`must be one of: text, number, … (not "colour")`) rather than with Swift's own wording.
public protocol WireEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {
    /// Other names read as a case (never written): what publishers are likely to send for it.
    static var aliases: [String: Self] { get }
}

extension WireEnum {
    public static var aliases: [String: Self] { [:] }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) ?? Self.aliases[text] else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "must be one of: \(Self.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(text)\")")
        }
        self = value
    }
}
