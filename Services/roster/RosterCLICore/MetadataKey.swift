import RosterModel

/// Checks on what `roster metadata define-*` is given, the same the resolver makes, so that a mistake is a usage
/// error before anything is sent.
public enum MetadataKey {
    /// Throws a usage error unless `key` is snake_case: a lower-case letter, then lower-case letters, digits and `_`.
    public static func check(_ key: String) throws {
        let letters = "abcdefghijklmnopqrstuvwxyz"
        guard let first = key.first, letters.contains(first),
            key.allSatisfy({ letters.contains($0) || ($0.isASCII && $0.isNumber) || $0 == "_" })
        else {
            throw RosterCLIError.usage(
                "KEY must be snake_case (a lower-case letter, then lower-case letters, digits and _): got \"\(key)\"",
                details: [.init(field: "KEY", value: key, reason: "must be snake_case")])
        }
    }

    /// Throws a usage error unless `label` has some text.
    public static func checkLabel(_ label: String) throws {
        guard !label.allSatisfy(\.isWhitespace) else {
            throw RosterCLIError.usage(
                "--label must not be empty", details: [.init(field: "--label", value: label, reason: "is empty")])
        }
    }

    /// The value type `text` names; a usage error naming `option` lists the types otherwise.
    public static func type(_ text: String, option: String) throws -> AttributeType {
        guard let type = AttributeType(rawValue: text) else {
            let names = AttributeType.allCases.map(\.rawValue).joined(separator: "|")
            throw RosterCLIError.usage(
                "\(option) must be one of \(names): got \"\(text)\"",
                details: [.init(field: option, value: text, reason: "must be one of \(names)")])
        }
        return type
    }
}
