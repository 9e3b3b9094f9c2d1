/// Identifier values that never identify or join contacts: placeholders people and systems type when they have no
/// real value (`null`, `test@test.com`, an all-zero phone), plus what a tenant blocks, minus what it unblocks.
///
/// The resolver applies it when it matches identifiers; an import preview applies the same rule, so that a row
/// whose only key is a placeholder is counted as invalid and two rows sharing one are not counted as duplicates.
public struct BlockedIdentifierValues: Sendable, Equatable {
    /// Values blocked for every tenant unless it unblocks them (compared lower-cased, after normalization).
    public static let defaults: Set<String> = [
        "null", "undefined", "none", "nil", "n/a", "na", "0", "-", "test@test.com", "test@example.com",
        "[object object]", "noemail@noemail.com",
    ]

    /// Values the tenant blocked (lower-cased).
    public var blocked: Set<String>
    /// Values the tenant allowed again, defaults included (lower-cased).
    public var unblocked: Set<String>

    public init(blocked: Set<String> = [], unblocked: Set<String> = []) {
        self.blocked = blocked
        self.unblocked = unblocked
    }

    /// Whether a value of `kind` must never be used to join or identify contacts.
    public func isBlocked(kind: String, value: String) -> Bool {
        let lowered = value.lowercased()
        if unblocked.contains(lowered) { return false }
        if blocked.contains(lowered) || Self.defaults.contains(lowered) { return true }
        return IdentifierNormalizer.phoneKinds.contains(kind) && Self.isAllZeroPhone(value)
    }

    /// A phone whose subscriber number (after up to three digits of country code) is all zeros.
    public static func isAllZeroPhone(_ digits: String) -> Bool {
        digits.count >= 6 && digits.dropFirst(min(3, digits.count)).allSatisfy { $0 == "0" }
            || digits.allSatisfy { $0 == "0" }
    }
}
