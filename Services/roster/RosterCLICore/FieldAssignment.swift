import RosterModel

/// A `FIELD=VALUE` argument, as `--where`, `--contains` and `--property` take it.
public struct FieldAssignment: Sendable, Equatable {
    /// The name before the first `=`: letters, digits and `_`.
    public var field: String
    /// Everything after the first `=`, as given.
    public var value: String

    /// Makes an assignment.
    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    /// Parses `text` as given to `option` (`--where`); the usage error names the option, shows `example`, and
    /// quotes what was given. The field must be letters, digits or `_`, as the resolver requires; an empty value
    /// is refused unless `allowsEmptyValue`.
    public static func parse(
        _ text: String, option: String, shape: String = "FIELD=VALUE", example: String,
        allowsEmptyValue: Bool = false
    ) throws -> FieldAssignment {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw invalid(text, option: option, reason: "must be \(shape), like \(example)")
        }
        let field = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        guard isFieldName(field) else {
            throw invalid(text, option: option, reason: "must name its field with letters, digits and _ only")
        }
        guard allowsEmptyValue || !value.isEmpty else {
            throw invalid(text, option: option, reason: "must have a value after =, like \(example)")
        }
        return FieldAssignment(field: field, value: value)
    }

    /// Whether `name` is a field name the resolver accepts: not empty, letters, digits and `_`.
    public static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The assignment as the resolver's query parameter takes it: `FIELD=VALUE`.
    public var text: String { "\(field)=\(value)" }

    private static func invalid(_ text: String, option: String, reason: String) -> RosterCLIError {
        .usage("\(option) \(reason): got \"\(text)\"", details: [.init(field: option, value: text, reason: reason)])
    }
}
