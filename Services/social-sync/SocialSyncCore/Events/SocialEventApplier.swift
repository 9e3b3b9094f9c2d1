import GRDB
import RosterKafka
import RosterModel
import RosterRuntime
import Synchronization

/// Applies `cdp.social-events`: validates each event (a bad one goes to `cdp.dead-letter` with the reason), changes
/// the channel contact, publishes its snapshot on `cdp.social-contacts` (a tombstone on delete), and tells the
/// resolver about the user whenever what identifies it changes, with an event id derived from the social event's.
struct SocialEventApplier: MessageApplier {
    /// The tenants' normalizers, kept a second: reading and decoding the tenant's settings for every event took
    /// 25 µs of CPU per event, the largest cost after the contact's own row.
    let normalizers = TenantNormalizers()

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else { throw RosterError.invalid("a social event must have a value") }
        let decoded = try SocialEvent.read(value)
        let validator = SocialEventValidator(
            normalizer: try normalizers.normalizer(context.db, tenant: decoded.tenant))
        let (event, kind) = try validator.validate(decoded)
        guard try context.firstTime(event.id) else { return }
        if kind.isOMORecord {
            try OMODirectory.save(event, kind: kind, in: context.db)
            return
        }
        if let teammate = event.teammate, kind == .omoBound || kind == .imported,
            let reason = try OMODirectory.checkBindable(
                context.db, tenant: event.tenant, teammate: teammate, store: event.storeCode)
        {
            throw SocialError.invalidEvent(event, field: "teammate", value: teammate, reason: reason)
        }
        let stored = try ContactRows.fetch(
            context.db, tenant: event.tenant, channel: event.channel, userID: event.channelUserId)
        switch ChannelContactRules.apply(event, kind: kind, to: stored?.contact) {
        case .none:
            return
        case .delete:
            guard let stored else { return }
            try ContactRows.delete(context.db, stored)
            try context.publish(Topics.socialContacts, key: stored.contact.key, value: nil)
        case .upsert(let contact, let appliedTags, let identityChanged):
            if let stored {
                try ContactRows.update(context.db, stored, to: contact)
            } else {
                try ContactRows.insert(context.db, contact)
            }
            try ContactRows.recordApplications(context.db, contact, tags: appliedTags, at: event.occurredAt)
            try context.publishSnapshot(contact)
            if identityChanged, let identity = ChannelContactRules.identityEvent(for: contact, socialEventID: event.id)
            {
                try context.publish(Topics.contactEvents, key: contact.tenant, value: identity)
            }
        }
    }
}

/// Tenants' identifier normalizers, from their settings in `cdp.metadata`, kept for a second.
final class TenantNormalizers: Sendable {
    private let cache = Mutex<[String: (normalizer: IdentifierNormalizer, read: ContinuousClock.Instant)]>([:])

    /// The tenant's normalizer, read again when the kept one is older than a second.
    func normalizer(_ db: Database, tenant: String) throws -> IdentifierNormalizer {
        let now = ContinuousClock.now
        if let kept = cache.withLock({ $0[tenant] }), now - kept.read < .seconds(1) { return kept.normalizer }
        let settings = try MetadataCatalog.settings(db, tenant: tenant)
        let normalizer = IdentifierNormalizer(defaultCountry: settings.defaultCountry ?? "CN")
        cache.withLock { $0[tenant] = (normalizer, now) }
        return normalizer
    }
}
