import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.contact-events`: finds the contact each event belongs to (creating or merging),
/// changes it, and publishes its new state on `cdp.profiles` and behaviour on `cdp.activity`.
public struct ContactResolver: MessageApplier {
    let normalizer: IdentifierNormalizer

    public init(normalizer: IdentifierNormalizer = IdentifierNormalizer()) {
        self.normalizer = normalizer
    }

    public func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else {
            throw RosterError.invalid("a contact event must have a value")
        }
        let event = try Topics.contactEvents.decode(value)
        try event.validate()
        guard try context.firstTime(event.id) else { return }
        switch event.type {
        case .attributeDefined, .eventDefined:
            try define(event, context: context)
        case .delete:
            try delete(event, context: context)
        case .upsert, .subscription, .tags, .activity:
            try change(event, context: context)
        }
    }

    private func normalizedIdentifiers(_ event: ContactEvent) throws -> [(kind: String, value: String)] {
        var result: [(String, String)] = []
        var problems: [RosterError.Detail] = []
        for (kind, raw) in (event.identifiers ?? [:]).sorted(by: { $0.key < $1.key }) where !raw.isEmpty {
            switch normalizer.normalize(kind: kind, value: raw) {
            case .success(let value): result.append((kind, value))
            case .failure(let invalid):
                problems.append(.init(field: "identifiers.\(kind)", value: raw, reason: invalid.reason))
            }
        }
        if !problems.isEmpty {
            throw RosterError(
                code: "invalid_identifier",
                message: problems.map { "\($0.field!) \($0.value!) \($0.reason)" }.joined(separator: "; "),
                details: problems)
        }
        return result
    }

    private func change(_ event: ContactEvent, context: ApplyContext) throws {
        let db = context.db
        let identifiers = try normalizedIdentifiers(event)
        var contact = try resolve(event, identifiers: identifiers, context: context)
        for (kind, value) in identifiers {
            try db.execute(
                sql: "INSERT OR IGNORE INTO contact_identifiers (tenant, kind, value, contact_id) VALUES (?, ?, ?, ?)",
                arguments: [event.tenant, kind, value, contact.contactId])
            if !contact.identifiers[kind, default: []].contains(value) {
                contact.identifiers[kind, default: []].append(value)
                contact.identifiers[kind]?.sort()
            }
        }
        for (key, value) in event.attributes ?? [:] { contact.attributes[key] = value }
        var tags = Set(contact.tags).union(event.tags ?? [])
        if event.type == .tags { tags.subtract(event.removeTags ?? []) }
        contact.tags = tags.sorted()
        if event.type == .subscription, let channel = event.channel, let subscribed = event.subscribed {
            switch channel {
            case .global: contact.subscriptions.global = subscribed
            case .email: contact.subscriptions.email = subscribed
            case .mobile: contact.subscriptions.mobile = subscribed
            }
        }
        contact.updatedAt = event.occurredAt
        contact.lastEventId = event.id
        try contact.save(db)
        try context.publish(Topics.profiles, key: "\(event.tenant)/\(contact.contactId)", value: contact.snapshot)
        if event.type == .activity, let name = event.event {
            try context.publish(
                Topics.activity, key: "\(event.tenant)/\(contact.contactId)",
                value: ActivityRecord(
                    id: event.id, tenant: event.tenant, contactId: contact.contactId, event: name,
                    properties: event.properties ?? [:], occurredAt: event.occurredAt))
        }
    }

    /// The contact the identifiers point at: a new one, the one matched, or the oldest of several, into which
    /// the others are merged.
    private func resolve(
        _ event: ContactEvent, identifiers: [(kind: String, value: String)], context: ApplyContext
    ) throws -> ContactRecord {
        let db = context.db
        var matches: [(contact: ContactRecord, kind: String, value: String)] = []
        for (kind, value) in identifiers {
            guard
                let id = try String.fetchOne(
                    db, sql: "SELECT contact_id FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value = ?",
                    arguments: [event.tenant, kind, value]),
                !matches.contains(where: { $0.contact.contactId == id }),
                let contact = try ContactRecord.fetch(db, tenant: event.tenant, id: id)
            else { continue }
            matches.append((contact, kind, value))
        }
        guard !matches.isEmpty else {
            return ContactRecord(
                tenant: event.tenant, contactId: ContactID.make(tenant: event.tenant, eventID: event.id),
                identifiers: [:], attributes: [:], tags: [], subscriptions: Subscriptions(),
                createdAt: event.occurredAt, updatedAt: event.occurredAt, lastEventId: event.id)
        }
        matches.sort { ($0.contact.createdAt, $0.contact.contactId) < ($1.contact.createdAt, $1.contact.contactId) }
        var survivor = matches[0].contact
        for match in matches.dropFirst() {
            try merge(
                match.contact, into: &survivor, joinedBy: (match.kind, match.value), event: event, context: context)
        }
        return survivor
    }

    private func merge(
        _ merged: ContactRecord, into survivor: inout ContactRecord, joinedBy: (kind: String, value: String),
        event: ContactEvent, context: ApplyContext
    ) throws {
        let db = context.db
        try db.execute(
            sql: "UPDATE contact_identifiers SET contact_id = ? WHERE tenant = ? AND contact_id = ?",
            arguments: [survivor.contactId, event.tenant, merged.contactId])
        for (kind, values) in merged.identifiers {
            survivor.identifiers[kind] = Array(Set(survivor.identifiers[kind, default: []] + values)).sorted()
        }
        survivor.attributes.merge(merged.attributes) { current, _ in current }
        survivor.tags = Array(Set(survivor.tags + merged.tags)).sorted()
        survivor.subscriptions = Subscriptions(
            global: survivor.subscriptions.global && merged.subscriptions.global,
            email: survivor.subscriptions.email && merged.subscriptions.email,
            mobile: survivor.subscriptions.mobile && merged.subscriptions.mobile)
        try db.execute(
            sql: "DELETE FROM contacts WHERE tenant = ? AND contact_id = ?",
            arguments: [event.tenant, merged.contactId])
        try db.execute(
            sql: """
                INSERT INTO contact_merges (tenant, survivor_id, merged_id, joined_by_kind, joined_by_value, event_id, merged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.tenant, survivor.contactId, merged.contactId, joinedBy.kind, joinedBy.value, event.id,
                event.occurredAt,
            ])
        try context.publish(Topics.profiles, key: "\(event.tenant)/\(merged.contactId)", value: nil)
    }

    private func delete(_ event: ContactEvent, context: ApplyContext) throws {
        let db = context.db
        for (kind, value) in try normalizedIdentifiers(event) {
            guard
                let id = try String.fetchOne(
                    db, sql: "SELECT contact_id FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value = ?",
                    arguments: [event.tenant, kind, value])
            else { continue }
            try db.execute(
                sql: "DELETE FROM contact_identifiers WHERE tenant = ? AND contact_id = ?",
                arguments: [event.tenant, id])
            try db.execute(
                sql: "DELETE FROM contacts WHERE tenant = ? AND contact_id = ?", arguments: [event.tenant, id])
            try context.publish(Topics.profiles, key: "\(event.tenant)/\(id)", value: nil)
        }
    }

    private func define(_ event: ContactEvent, context: ApplyContext) throws {
        let key = try MetadataCatalog.record(event, in: context.db)
        try context.publish(Topics.metadata, key: key, value: event)
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
