import GRDB
import RosterKafka
import RosterModel
import RosterRuntime
import Synchronization

/// Applies `cdp.social-events`: validates each event (a bad one goes to `cdp.dead-letter` with the reason), changes
/// the channel contact, publishes its snapshot on `cdp.social-contacts` (a tombstone on delete), and tells the
/// resolver about the user whenever what identifies it changes, with an event id derived from the social event's.
///
/// A batch's contacts are kept in memory (`TouchedContacts`) and each is written and its snapshot published once, at
/// the batch's end: a batch's messages go straight into its transaction, without a savepoint each.
struct SocialEventApplier: MessageApplier {
    /// The tenants' normalizers, kept a second: reading and decoding the tenant's settings for every event took
    /// 25 µs of CPU per event, the largest cost after the contact's own row.
    let normalizers = TenantNormalizers()
    /// The contacts the batch in hand touched.
    let touched = TouchedContacts()

    var appliesBatchesWithoutSavepoints: Bool { true }

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard touched.writesThrough else { return try applyKept(message, context: context) }
        defer { touched.forget() }
        try applyKept(message, context: context)
        try touched.flush(context)
    }

    func finishBatch(context: ApplyContext) throws {
        try touched.finishBatch(context)
    }

    func rolledBack() {
        touched.rolledBack()
    }

    /// Applies the message to the contact kept for the batch.
    private func applyKept(_ message: ConsumedMessage, context: ApplyContext) throws {
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
        let key = TouchedContacts.Key(tenant: event.tenant, channel: event.channel, userID: event.channelUserId)
        let entry = try touched.entry(context.db, key)
        switch ChannelContactRules.apply(event, kind: kind, to: entry.contact) {
        case .none:
            return
        case .delete:
            guard let contact = entry.contact else { return }
            if let stored = entry.stored { try ContactRows.delete(context.db, stored) }
            try context.publish(Topics.socialContacts, key: contact.key, value: nil)
            if let unlink = ChannelContactRules.unlinkEvent(
                for: contact, socialEventID: event.id, at: event.occurredAt)
            {
                try context.publish(Topics.contactEvents, key: contact.tenant, value: unlink)
            }
            touched.keep(key, .init(stored: nil, contact: nil))
        case .upsert(let contact, let appliedTags, let identityChanged):
            try ContactRows.recordApplications(context.db, contact, tags: appliedTags, at: event.occurredAt)
            if identityChanged, let identity = ChannelContactRules.identityEvent(for: contact, socialEventID: event.id)
            {
                try context.publish(Topics.contactEvents, key: contact.tenant, value: identity)
            }
            touched.keep(key, .init(stored: entry.stored, contact: contact))
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
        let normalizer = try Self.read(db, tenant: tenant)
        cache.withLock { $0[tenant] = (normalizer, now) }
        return normalizer
    }

    /// The tenant's normalizer as its settings in `cdp.metadata` are now (its default country, else CN).
    static func read(_ db: Database, tenant: String) throws -> IdentifierNormalizer {
        IdentifierNormalizer(defaultCountry: try MetadataCatalog.settings(db, tenant: tenant).defaultCountry ?? "CN")
    }
}
