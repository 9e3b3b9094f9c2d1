import Foundation
import RosterModel
import RosterRuntime

/// Checks a social event and returns it in its one stored form: the time in the one RFC 3339 form (so that times
/// compare as text), the channel user id, e-mail and phone normalized with `IdentifierNormalizer`.
struct SocialEventValidator {
    /// Normalizes identifier values with the tenant's default country.
    let normalizer: IdentifierNormalizer

    /// The validated event and its kind, or an error naming the field at fault.
    func validate(_ raw: SocialEvent) throws -> (event: SocialEvent, kind: SocialEventKind) {
        var event = raw
        func fail(_ field: String, _ value: String?, _ reason: String) -> RosterError {
            SocialError.invalidEvent(raw, field: field, value: value, reason: reason)
        }
        guard event.schema == SocialEvent.schemaName else {
            throw fail("schema", event.schema, "must be \(SocialEvent.schemaName)")
        }
        guard !event.id.isEmpty else { throw fail("id", nil, "must not be empty") }
        guard !event.tenant.isEmpty else { throw fail("tenant", nil, "must not be empty") }
        guard let kind = SocialEventKind(rawValue: event.type) else {
            throw fail(
                "type", event.type,
                "is not one of \(SocialEventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let time = Timestamps.canonical(event.occurredAt) else {
            throw fail("occurred_at", event.occurredAt, "is not an RFC 3339 time")
        }
        event.occurredAt = time
        guard !event.channelUserId.isEmpty else { throw fail("channel_user_id", nil, "must not be empty") }
        if kind.isOMORecord {
            guard event.channel == "omo" else {
                throw fail("channel", event.channel, "must be omo for \(kind.rawValue)")
            }
            try validateOMORecord(event, kind: kind, fail: fail)
            return (event, kind)
        }
        guard let channel = Channel(rawValue: event.channel) else {
            throw fail(
                "channel", event.channel, "is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if channel == .whatsapp {
            event.channelUserId = try normalized("whatsapp", event.channelUserId, field: "channel_user_id", fail: fail)
        }
        if let email = event.email { event.email = try normalized("email", email, field: "email", fail: fail) }
        if let phone = event.phone { event.phone = try normalized("mobile", phone, field: "phone", fail: fail) }
        switch kind {
        case .tagAdded, .tagRemoved:
            guard let tags = event.tags, !tags.isEmpty, tags.allSatisfy({ !$0.isEmpty }) else {
                throw fail("tags", nil, "must list at least one non-empty tag for \(kind.rawValue)")
            }
        case .recurringNotificationOptIn, .recurringNotificationOptOut:
            guard channel == .facebook else {
                throw fail("type", kind.rawValue, "exists only on facebook, not on \(channel.rawValue)")
            }
        case .attributeSet:
            guard !(event.attributes ?? [:]).isEmpty else { throw fail("attributes", nil, "must set at least one") }
        case .omoBound:
            guard let teammate = event.teammate, !teammate.isEmpty else {
                throw fail("teammate", nil, "is required (\(unassignedTeammate) unbinds)")
            }
            if teammate != unassignedTeammate, (event.storeCode ?? "").isEmpty {
                throw fail("store_code", nil, "is required with a teammate")
            }
        case .phoneBinding:
            guard event.phone != nil else { throw fail("phone", nil, "is required for phone_binding") }
        case .memberBinding:
            guard event.memberId != nil else { throw fail("member_id", nil, "is required for member_binding") }
        default:
            break
        }
        return (event, kind)
    }

    private func validateOMORecord(
        _ event: SocialEvent, kind: SocialEventKind, fail: (String, String?, String) -> RosterError
    ) throws {
        guard let store = event.storeCode, !store.isEmpty else { throw fail("store_code", nil, "is required") }
        guard kind == .teammateSaved else { return }
        guard let teammate = event.teammate, !teammate.isEmpty, teammate != unassignedTeammate else {
            throw fail("teammate", event.teammate, "must be the teammate's id")
        }
        guard let role = event.role, teammateRoles.contains(role) else {
            throw fail("role", event.role, "must be one of \(teammateRoles.sorted().joined(separator: ", "))")
        }
    }

    private func normalized(
        _ kind: String, _ value: String, field: String, fail: (String, String?, String) -> RosterError
    ) throws -> String {
        switch normalizer.normalize(kind: kind, value: value) {
        case .success(let normalized): return normalized
        case .failure(let invalid): throw fail(field, value, invalid.reason)
        }
    }
}
