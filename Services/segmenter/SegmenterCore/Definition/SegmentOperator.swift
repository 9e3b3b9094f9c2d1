import RosterModel

/// A comparison of a condition. Which operators fit an attribute depends on its type (`ValueKind.operators`).
public enum SegmentOperator: String, WireEnum {
    case equals
    case notEquals = "not_equals"
    case contains
    case doesNotContain = "does_not_contain"
    case startsWith = "starts_with"
    case `in`
    case notIn = "not_in"
    case greater
    case less
    case between
    case isSet = "is_set"
    case isNotSet = "is_not_set"
    case before
    case after
    case withinLastDays = "within_last_days"
    case moreThanDaysAgo = "more_than_days_ago"
    case hasTag = "has_tag"
    case doesNotHaveTag = "does_not_have_tag"

    /// Negative operators hold for a contact that has no value (`not_equals "x"` includes contacts without one).
    var holdsWhenUnset: Bool {
        [.notEquals, .doesNotContain, .notIn, .isNotSet, .doesNotHaveTag].contains(self)
    }

    /// Whether the result depends on the current time.
    var isRelativeTime: Bool { self == .withinLastDays || self == .moreThanDaysAgo }
}

/// The kinds of value a condition compares: the attribute types, plus the contact's tag set.
public enum ValueKind: String, Sendable, Equatable {
    case text, number, boolean, date, datetime, `enum`, tags

    init(_ type: AttributeType) {
        self =
            switch type {
            case .text: .text
            case .number: .number
            case .boolean: .boolean
            case .date: .date
            case .datetime: .datetime
            case .enum: .enum
            }
    }

    /// The operators that fit this kind of value.
    var operators: Set<SegmentOperator> {
        switch self {
        case .text, .enum:
            [.equals, .notEquals, .contains, .doesNotContain, .startsWith, .in, .notIn, .isSet, .isNotSet]
        case .number: [.equals, .notEquals, .greater, .less, .between, .in, .notIn, .isSet, .isNotSet]
        case .boolean: [.equals, .notEquals, .isSet, .isNotSet]
        case .date, .datetime:
            [.equals, .notEquals, .before, .after, .between, .withinLastDays, .moreThanDaysAgo, .isSet, .isNotSet]
        case .tags: [.hasTag, .doesNotHaveTag, .isSet, .isNotSet]
        }
    }

    /// The kind a free-form event property is compared as, guessed from the operator and the operand.
    static func inferred(op: SegmentOperator, value: JSONValue?) -> ValueKind {
        switch op {
        case .before, .after, .withinLastDays, .moreThanDaysAgo: return .datetime
        case .greater, .less: return .number
        case .contains, .doesNotContain, .startsWith: return .text
        default: break
        }
        let sample: JSONValue? =
            if case .array(let items) = value { items.first } else { value }
        switch sample {
        case .int, .double: return .number
        case .bool: return .boolean
        default: return .text
        }
    }
}
