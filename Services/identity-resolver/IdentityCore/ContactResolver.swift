import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.contact-events`: finds the contact each event belongs to (creating or merging), changes it,
/// records its timeline, and publishes its state on `cdp.profiles` and its timeline entries on `cdp.activity`.
///
/// A contact event is checked as it is consumed and applied at the end of its batch, with the batch's other contact
/// events, in their order (`ContactBatch`): each contact is read once and written once per batch, and published once,
/// as the batch left it. Metadata events are applied as they are consumed.
public struct ContactResolver: MessageApplier {
    let catalogs = CatalogCache()
    /// The batch's checked contact events, applied at its end.
    let pending = PendingEvents()
    /// Called with the guard's name each time a guard declines a join (for the metric).
    let onGuard: @Sendable (String) -> Void

    public init(onGuard: @escaping @Sendable (String) -> Void = { _ in }) {
        self.onGuard = onGuard
    }

    /// Between messages the resolver keeps its catalog cache and the batch's checked events, and drops both on a
    /// rollback. A message keeps its event only once nothing more of it can fail, so that when messages are applied
    /// one by one, a message whose savepoint rolled back leaves nothing behind.
    public var appliesBatchesWithoutSavepoints: Bool { true }

    /// Drops the cached catalogs and the checked events, which belong to the rolled-back transaction.
    public func rolledBack() {
        catalogs.removeAll()
        _ = pending.take()
    }

    public func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else {
            throw RosterError.invalid("a contact event must have a value")
        }
        var event = try ContactEventReader.decode(value)
        // The topic is keyed by tenant: an event published without one names it in its key.
        if event.tenant.isEmpty, let key = message.keyString { event.tenant = key }
        if event.occurredAt.isEmpty, let milliseconds = message.timestampMilliseconds {
            // Published without a time: the message's own, which every redelivery carries too.
            event.occurredAt = Timestamps.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        }
        try event.validate()
        guard try context.firstTime(event.id) else { return }
        switch event.type {
        case .attributeDefined, .eventDefined, .settings:
            let key = try MetadataCatalog.record(event, in: context.db)
            catalogs.invalidate(tenant: event.tenant)
            try context.publish(Topics.metadata, key: key, value: event)
        case .blocklist:
            try Blocklist.apply(event, in: context.db)
            catalogs.invalidate(tenant: event.tenant)
            // One record per value, so that the compacted topic keeps each value's latest state.
            for value in (event.blockedValues ?? []) + (event.unblockedValues ?? []) {
                try context.publish(
                    Topics.metadata, key: "\(event.tenant)/blocked_value/\(value.lowercased())", value: event)
            }
        case .delete, .unlink, .upsert, .subscription, .tags, .activity:
            let prepared = try PreparedEvent(event, catalog: try catalogs.catalog(context.db, tenant: event.tenant))
            pending.append(prepared)
        }
    }

    /// Applies the batch's contact events in order against the contacts they touch, then writes each changed contact.
    public func finishBatch(context: ApplyContext) throws {
        let events = pending.take()
        guard !events.isEmpty else { return }
        let batch = try ContactBatch.load(for: events, context: context)
        for prepared in events {
            switch prepared.event.type {
            case .delete: try delete(prepared, batch: batch)
            case .unlink: try unlink(prepared, batch: batch)
            default:
                var change = ContactChange(prepared: prepared, batch: batch, onGuard: onGuard)
                try change.apply()
            }
        }
        try batch.write()
    }

    private func delete(_ prepared: PreparedEvent, batch: ContactBatch) throws {
        let tenant = prepared.event.tenant
        for (kind, value) in prepared.identifiers {
            guard let id = batch.owner(tenant: tenant, kind: kind, value: value) else { continue }
            try erase(tenant: tenant, id: id, batch: batch)
        }
    }

    /// Takes each identifier off the contact holding it (unknown ones are ignored); a contact left without any
    /// identifier could never be found again, so it is deleted.
    private func unlink(_ prepared: PreparedEvent, batch: ContactBatch) throws {
        let event = prepared.event
        for (kind, value) in prepared.identifiers {
            guard var record = try batch.unlink(tenant: event.tenant, kind: kind, value: value) else { continue }
            guard !record.identifiers.isEmpty else {
                try erase(
                    tenant: event.tenant, id: record.contactId, batch: batch,
                    headers: [KafkaHeader(name: ProfileTombstoneHeaders.deletedBy, string: event.type.rawValue)])
                continue
            }
            record.updatedAt = max(record.updatedAt, event.occurredAt)
            record.lastEventId = event.id
            batch.update(record, primaryKeys: prepared.catalog.primaryKeys, gained: [], entries: [])
        }
    }

    private func erase(tenant: String, id: String, batch: ContactBatch, headers: [KafkaHeader] = []) throws {
        try batch.erase(tenant: tenant, id: id)
        try batch.context.publish(Topics.profiles, key: "\(tenant)/\(id)", value: nil, headers: headers)
    }
}

/// Tenant edits to the blocked identifier values.
enum Blocklist {
    static func apply(_ event: ContactEvent, in db: Database) throws {
        for (values, blocked) in [(event.blockedValues ?? [], true), (event.unblockedValues ?? [], false)] {
            for value in values {
                try db.execute(
                    sql: """
                        INSERT INTO identity_blocklist (tenant, value, blocked) VALUES (?, ?, ?)
                        ON CONFLICT (tenant, value) DO UPDATE SET blocked = excluded.blocked
                        """,
                    arguments: [event.tenant, value.lowercased(), blocked])
            }
        }
    }

    static func guards(_ db: Database, tenant: String) throws -> IdentityGuards {
        var guards = IdentityGuards()
        for row in try Row.fetchAll(
            db, sql: "SELECT value, blocked FROM identity_blocklist WHERE tenant = ?", arguments: [tenant])
        {
            if row["blocked"] as Bool {
                guards.values.blocked.insert(row["value"])
            } else {
                guards.values.unblocked.insert(row["value"])
            }
        }
        return guards
    }
}

/// Reading identifiers out of events.
enum IdentifierSet {
    /// The event's identifiers (and primary-key attributes), normalized; unknown kinds and invalid values are errors.
    static func normalized(_ event: ContactEvent, catalog: TenantCatalog) throws -> [(kind: String, value: String)] {
        try DefinitionCheck.identifiers(
            event.identifiers, attributes: event.attributes, primaryKeys: catalog.primaryKeys,
            identifierKinds: catalog.identifierKinds, normalizer: catalog.normalizer)
    }
}

/// Contact ids: derived from the event that created the contact, so that replaying the same events
/// on a rebuilt store gives the same ids.
enum ContactID {
    static func make(tenant: String, eventID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(tenant)\u{0}\(eventID)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "c_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
