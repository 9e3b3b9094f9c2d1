import RosterModel

extension ValueTest {
    /// Whether a value satisfies the test at `now`. A missing value (absent, null, empty text, or not readable as
    /// the test's kind) satisfies only the negative operators (`not_equals`, `does_not_contain`, `not_in`,
    /// `is_not_set`).
    func holds(_ value: JSONValue?, now: Double) -> Bool {
        switch kind {
        case .text, .enum:
            guard let text = value.flatMap(Self.text) else { return op.holdsWhenUnset }
            return holds(text: text)
        case .number:
            guard let number = value.flatMap(Self.number) else { return op.holdsWhenUnset }
            return holds(number: number)
        case .boolean:
            guard let flag = value.flatMap(Self.bool) else { return op.holdsWhenUnset }
            guard case .bool(let expected) = operand else { return op == .isSet }
            return op == .equals ? flag == expected : flag != expected
        case .date, .datetime:
            guard let instant = value.flatMap(Self.instant) else { return op.holdsWhenUnset }
            return holds(instant: instant, now: now)
        case .tags:
            guard let text = value.flatMap(Self.text) else { return op.holdsWhenUnset }
            return holds(tags: [text])
        }
    }

    /// Whether a tag set satisfies a tag test.
    func holds(tags: Set<String>) -> Bool {
        switch (op, operand) {
        case (.hasTag, .text(let tag)): tags.contains(tag)
        case (.doesNotHaveTag, .text(let tag)): !tags.contains(tag)
        case (.isSet, _): !tags.isEmpty
        case (.isNotSet, _): tags.isEmpty
        default: false
        }
    }

    private func holds(text: String) -> Bool {
        switch (op, operand) {
        case (.equals, .text(let expected)): text == expected
        case (.notEquals, .text(let expected)): text != expected
        case (.contains, .text(let part)): text.contains(part)
        case (.doesNotContain, .text(let part)): !text.contains(part)
        case (.startsWith, .text(let prefix)): text.hasPrefix(prefix)
        case (.in, .texts(let set)): set.contains(text)
        case (.notIn, .texts(let set)): !set.contains(text)
        case (.isSet, _): true
        default: false
        }
    }

    private func holds(number: Double) -> Bool {
        switch (op, operand) {
        case (.equals, .number(let expected)): number == expected
        case (.notEquals, .number(let expected)): number != expected
        case (.greater, .number(let bound)): number > bound
        case (.less, .number(let bound)): number < bound
        case (.between, .range(let low, let high)): number >= low && number <= high
        case (.in, .numbers(let set)): set.contains(number)
        case (.notIn, .numbers(let set)): !set.contains(number)
        case (.isSet, _): true
        default: false
        }
    }

    private func holds(instant: Double, now: Double) -> Bool {
        switch (op, operand) {
        case (.equals, .day(let day)): TimeParser.day(instant) == day
        case (.notEquals, .day(let day)): TimeParser.day(instant) != day
        case (.before, .number(let bound)): instant < bound
        case (.after, .number(let bound)): instant > bound
        case (.between, .range(let from, let to)): instant >= from && instant < to
        case (.withinLastDays, .days(let days)): instant >= now - Double(days) * 86_400
        case (.moreThanDaysAgo, .days(let days)): instant < now - Double(days) * 86_400
        case (.isSet, _): true
        default: false
        }
    }

    static func text(_ value: JSONValue) -> String? {
        guard let text = value.text, !text.isEmpty else { return nil }
        return text
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    static func bool(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let flag): flag
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    static func instant(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let text): TimeParser.seconds(text)
        case .int(let seconds): Double(seconds)
        case .double(let seconds): seconds
        default: nil
        }
    }
}
