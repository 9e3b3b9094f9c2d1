import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.social-events` to channel contacts and tells the resolver about the channel user,
/// so that the channel contact joins its unified contact.
struct SocialEventApplier: MessageApplier {
    static let subscribingTypes: Set<String> = ["subscribed", "followed"]
    static let unsubscribingTypes: Set<String> = ["unsubscribed", "blocked"]
    static let interactionTypes: Set<String> = ["customer_message", "bot_interaction"]

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else { throw RosterError.invalid("a social event must have a value") }
        let event = try Topics.socialEvents.decode(value)
        guard let channel = Channel(rawValue: event.channel) else {
            throw RosterError.invalid("channel \(event.channel) is not one of \(Channel.allCases.map(\.rawValue))")
        }
        guard !event.channelUserId.isEmpty else { throw RosterError.invalid("channel_user_id must not be empty") }
        guard Timestamps.parse(event.occurredAt) != nil else {
            throw RosterError.invalid("occurred_at \(event.occurredAt) is not an RFC 3339 time")
        }
        guard try context.firstTime(event.id) else { return }
        let subscribed: Bool? =
            Self.subscribingTypes.contains(event.type)
            ? true : Self.unsubscribingTypes.contains(event.type) ? false : nil
        try context.db.execute(
            sql: """
                INSERT INTO channel_contacts (tenant, channel, channel_user_id, subscribed, subscribed_at,
                    customer_last_interaction_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant, channel, channel_user_id) DO UPDATE SET
                    subscribed = COALESCE(?, channel_contacts.subscribed),
                    subscribed_at = COALESCE(excluded.subscribed_at, channel_contacts.subscribed_at),
                    customer_last_interaction_at = COALESCE(excluded.customer_last_interaction_at,
                        channel_contacts.customer_last_interaction_at),
                    updated_at = excluded.updated_at
                """,
            arguments: [
                event.tenant, channel.rawValue, event.channelUserId, subscribed ?? true,
                subscribed == true ? event.occurredAt : nil,
                Self.interactionTypes.contains(event.type) ? event.occurredAt : nil, event.occurredAt, subscribed,
            ])
        try context.publish(
            Topics.contactEvents, key: event.tenant,
            value: ContactEvent(
                id: "social:\(event.id)", tenant: event.tenant, type: .upsert, occurredAt: event.occurredAt,
                source: "social-sync", identifiers: [channel.identifierKind: event.channelUserId], mode: .fast))
    }
}
