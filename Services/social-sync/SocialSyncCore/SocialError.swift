import RosterModel
import RosterRuntime

/// The worker's errors, in the runtime's one error type: each names the field and value at fault.
enum SocialError {
    /// A field of a request or event is wrong.
    static func invalid(field: String, value: String?, reason: String, row: Int? = nil) -> RosterError {
        RosterError(
            code: "invalid_request",
            message: "\(row.map { "row \($0): " } ?? "")\(field) \(value.map { "'\($0)' " } ?? "")\(reason)",
            details: [ErrorDetail(row: row, field: field, value: value, reason: reason)])
    }

    /// A social event that cannot be applied (it goes to the dead-letter topic with this reason).
    static func invalidEvent(_ event: SocialEvent, field: String, value: String?, reason: String) -> RosterError {
        RosterError(
            code: "invalid_social_event",
            message: "social event \(event.id): \(field) \(value.map { "'\($0)' " } ?? "")\(reason)",
            details: [ErrorDetail(field: field, value: value, reason: reason)])
    }
}
