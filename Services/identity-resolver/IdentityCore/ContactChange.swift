import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// One contact event applied to one contact in its batch: resolve (create, match or merge), guard, change, record the
/// timeline and publish it; the contact itself is written at the batch's end (`ContactBatch`).
struct ContactChange {
    let prepared: PreparedEvent
    let batch: ContactBatch
    let onGuard: @Sendable (String) -> Void
    private var entries: [Timeline.Entry] = []
    /// What contacts merged into this one had gained in the batch and not written: the survivor takes it over.
    private var takenOver: (identifiers: [(kind: String, value: String)], entries: [Timeline.Entry]) = ([], [])
    /// The event's identifiers that some contact held when it was resolved (`kind`, NUL, `value`): `attach` leaves
    /// them with their owner without looking them up again.
    private var owned: Set<String> = []

    init(prepared: PreparedEvent, batch: ContactBatch, onGuard: @escaping @Sendable (String) -> Void) {
        self.prepared = prepared
        self.batch = batch
        self.onGuard = onGuard
    }

    private var event: ContactEvent { prepared.event }
    private var catalog: TenantCatalog { prepared.catalog }
    private var context: ApplyContext { batch.context }
    private var db: Database { context.db }
    private var tenant: String { event.tenant }
    private var recordsChanges: Bool { (event.mode ?? .normal) == .normal }

    mutating func apply() throws {
        var flags = prepared.blocked.map { flag("blocked_identifier", $0) }
        var contact = try resolve(prepared.identifiers, flags: &flags)
        let gained = attach(prepared.identifiers, to: &contact, flags: &flags)
        for flag in flags {
            let reason = flag.reason
            context.onApplied { [onGuard] in onGuard(reason) }
        }
        contact.flags += flags
        changeAttributes(of: &contact)
        changeTags(of: &contact)
        changeSubscriptions(of: &contact)
        if event.type == .activity, let name = event.event {
            entries.append(entry(name, event.properties ?? [:]))
        }
        contact.updatedAt = max(contact.updatedAt, event.occurredAt)
        contact.lastEventId = event.id
        try publishActivity(of: contact)
        batch.update(
            contact, primaryKeys: catalog.primaryKeys, gained: takenOver.identifiers + gained,
            entries: takenOver.entries + entries)
    }

    // MARK: - Resolution

    /// The contact the identifiers point at: a new one, the one matched, or the oldest of several, into which the
    /// others are merged unless the merge would break an identifier limit.
    private mutating func resolve(
        _ identifiers: [(kind: String, value: String)], flags: inout [ContactFlag]
    ) throws -> ContactRecord {
        var matches: [(contact: ContactRecord, kind: String, value: String)] = []
        for (kind, value) in identifiers {
            guard let id = batch.owner(tenant: tenant, kind: kind, value: value) else { continue }
            owned.insert("\(kind)\u{0}\(value)")
            guard !matches.contains(where: { $0.contact.contactId == id }),
                let contact = batch.contact(tenant: tenant, id: id)
            else { continue }
            matches.append((contact, kind, value))
        }
        guard !matches.isEmpty else {
            return ContactRecord.new(
                tenant: tenant, id: ContactID.make(tenant: tenant, eventID: event.id), event: event)
        }
        matches.sort { ($0.contact.createdAt, $0.contact.contactId) < ($1.contact.createdAt, $1.contact.contactId) }
        var survivor = matches[0].contact
        for match in matches.dropFirst() {
            if let kind = exceededKind(survivor.identifiers, match.contact.identifiers) {
                var skipped = flag("merge_skipped_limit", (kind, match.value))
                skipped.otherContactId = match.contact.contactId
                flags.append(skipped)
                continue
            }
            try merge(match.contact, into: &survivor, joinedBy: (match.kind, match.value))
        }
        return survivor
    }

    /// The first identifier kind whose values the two contacts together would hold beyond its limit.
    private func exceededKind(_ left: [String: [String]], _ right: [String: [String]]) -> String? {
        for kind in Set(left.keys).union(right.keys).sorted()
        where Set(left[kind, default: []] + right[kind, default: []]).count > IdentityGuards.limit(for: kind) {
            return kind
        }
        return nil
    }

    private mutating func merge(
        _ merged: ContactRecord, into survivor: inout ContactRecord, joinedBy: (kind: String, value: String)
    ) throws {
        let pending = try batch.fold(merged, into: survivor.contactId)
        takenOver.identifiers += pending.identifiers
        takenOver.entries += pending.entries
        for (kind, values) in merged.identifiers {
            survivor.identifiers[kind] = Array(Set(survivor.identifiers[kind, default: []] + values)).sorted()
        }
        survivor.attributes.merge(merged.attributes) { current, _ in current }
        survivor.tags = Array(Set(survivor.tags + merged.tags)).sorted()
        survivor.hiddenTags = Array(Set(survivor.hiddenTags + merged.hiddenTags).subtracting(survivor.tags)).sorted()
        survivor.subscriptions = Subscriptions(
            global: survivor.subscriptions.global && merged.subscriptions.global,
            email: survivor.subscriptions.email && merged.subscriptions.email,
            mobile: survivor.subscriptions.mobile && merged.subscriptions.mobile)
        survivor.flags += merged.flags
        // The merged contact's search entries moved to the survivor with its identifiers (`ContactBatch.fold`).
        if let moved = merged.indexedValues {
            survivor.indexedValues?.formUnion(moved)
        } else {
            survivor.indexedValues = nil
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO contact_merges (tenant, survivor_id, merged_id, joined_by_kind, joined_by_value, event_id, merged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                tenant, survivor.contactId, merged.contactId, joinedBy.kind, joinedBy.value, event.id, event.occurredAt,
            ])
        entries.append(
            entry(
                "contact_merged",
                [
                    "merged_id": .string(merged.contactId), "joined_by_kind": .string(joinedBy.kind),
                    "joined_by_value": .string(joinedBy.value),
                ]))
        try context.publish(
            Topics.profiles, key: "\(tenant)/\(merged.contactId)", value: nil,
            headers: [KafkaHeader(name: ProfileTombstoneHeaders.mergedInto, string: survivor.contactId)])
    }

    /// Adds the identifiers the contact lacks, within the per-kind limits; values owned by another contact
    /// (a merge that was skipped) stay there. (A value the contact lacks but some contact owned at resolution belongs
    /// to another contact: values of merged contacts are the survivor's already.)
    private func attach(
        _ identifiers: [(kind: String, value: String)], to contact: inout ContactRecord, flags: inout [ContactFlag]
    ) -> [(kind: String, value: String)] {
        var gained: [(kind: String, value: String)] = []
        for (kind, value) in identifiers where !contact.identifiers[kind, default: []].contains(value) {
            if owned.contains("\(kind)\u{0}\(value)") { continue }
            guard contact.identifiers[kind, default: []].count < IdentityGuards.limit(for: kind) else {
                flags.append(flag("identifier_limit", (kind, value)))
                continue
            }
            gained.append((kind, value))
            contact.identifiers[kind, default: []].append(value)
            contact.identifiers[kind]?.sort()
        }
        return gained
    }

    // MARK: - Changes

    private mutating func changeAttributes(of contact: inout ContactRecord) {
        for (key, value) in (event.attributes ?? [:]).sorted(by: { $0.key < $1.key }) {
            let new: JSONValue? = if case .null = value { nil } else { normalizedAttribute(key, value) }
            let old = contact.attributes[key]
            guard old != new else { continue }
            contact.attributes[key] = new
            if recordsChanges {
                entries.append(
                    entry("attribute_changed", ["attribute": .string(key), "old": old ?? .null, "new": new ?? .null]))
            }
        }
    }

    /// Primary-key attributes hold their normalized value, the one the identifier index has.
    private func normalizedAttribute(_ key: String, _ value: JSONValue) -> JSONValue {
        guard catalog.primaryKeys.contains(key), let text = value.text,
            case .success(let normalized) = catalog.normalizer.normalize(kind: key, value: text)
        else { return value }
        return .string(normalized)
    }

    /// Visible tags added (a hidden tag added as visible becomes visible), hidden tags added (unless visible
    /// already), then removals of either kind.
    private mutating func changeTags(of contact: inout ContactRecord) {
        // Most events carry no tags: the contact's sorted tags stay as they are, without a round through sets.
        guard event.tags != nil || event.hiddenTags != nil || event.type == .tags else { return }
        var tags = Set(contact.tags)
        var hidden = Set(contact.hiddenTags)
        for tag in (event.tags ?? []).sorted() where tags.insert(tag).inserted {
            if hidden.remove(tag) != nil { continue }
            if recordsChanges { entries.append(entry("tag_added", ["tag": .string(tag)])) }
        }
        for tag in (event.hiddenTags ?? []).sorted() where !tags.contains(tag) && hidden.insert(tag).inserted {
            if recordsChanges { entries.append(entry("tag_added", ["tag": .string(tag), "hidden": .bool(true)])) }
        }
        if event.type == .tags {
            for tag in (event.removeTags ?? []).sorted() where tags.remove(tag) != nil || hidden.remove(tag) != nil {
                if recordsChanges { entries.append(entry("tag_removed", ["tag": .string(tag)])) }
            }
        }
        contact.tags = tags.sorted()
        contact.hiddenTags = hidden.sorted()
    }

    private mutating func changeSubscriptions(of contact: inout ContactRecord) {
        guard event.type == .subscription, let channel = event.channel, let subscribed = event.subscribed else {
            return
        }
        let before = contact.subscriptions
        switch channel {
        case .global:
            contact.subscriptions.global = subscribed
            if !subscribed {
                contact.subscriptions.email = false
                contact.subscriptions.mobile = false
            }
        case .email: contact.subscriptions.email = subscribed
        case .mobile: contact.subscriptions.mobile = subscribed
        }
        guard contact.subscriptions != before, recordsChanges else { return }
        let name =
            subscribed
            ? "subscription_changed"
            : ["global": "global_unsubscribe", "email": "email_unsubscribe", "mobile": "sms_unsubscribe"][
                channel.rawValue]!
        entries.append(entry(name, ["channel": .string(channel.rawValue), "subscribed": .bool(subscribed)]))
    }

    // MARK: - Records

    private func entry(_ name: String, _ properties: [String: JSONValue]) -> Timeline.Entry {
        Timeline.Entry(
            entryId: "\(event.id)#\(entries.count)", event: name, properties: properties, occurredAt: event.occurredAt,
            source: event.source)
    }

    private func flag(_ reason: String, _ identifier: (kind: String, value: String)) -> ContactFlag {
        ContactFlag(
            reason: reason, kind: identifier.kind, value: identifier.value, eventId: event.id, at: event.occurredAt)
    }

    /// Publishes the event's timeline entries on `cdp.activity` (the entries are written with the contact).
    private func publishActivity(of contact: ContactRecord) throws {
        for entry in entries {
            try context.publish(
                Topics.activity, key: "\(tenant)/\(contact.contactId)",
                value: ActivityRecord(
                    id: entry.entryId, tenant: tenant, contactId: contact.contactId, event: entry.event,
                    properties: entry.properties, occurredAt: entry.occurredAt))
        }
    }
}
