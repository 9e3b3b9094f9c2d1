import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// Applies `cdp.profiles` (read whole) to channel contacts: a profile listing a channel user id gives that channel
/// contact its `contact_id` and flows a new e-mail or phone back; a merge-away tombstone moves the channel contacts
/// to the surviving contact; a delete tombstone deletes the channel contacts of the deleted contact, unless the
/// deletion came from taking a deleted channel contact's id off it (`contact.unlink`): that channel contact is gone
/// already, and one re-created since under the same id may still point there from a snapshot read late.
struct ProfileLinkApplier: MessageApplier {
    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let key = message.keyString, let slash = key.firstIndex(of: "/") else {
            throw RosterError.invalid("a profile key must be tenant/contact_id, not \(message.keyString ?? "none")")
        }
        let tenant = String(key[..<slash])
        let contactID = String(key[key.index(after: slash)...])
        guard let value = message.value else {
            guard message.header(ProfileTombstoneHeaders.deletedBy)?.stringValue != ContactEventType.unlink.rawValue
            else { return }
            let survivor = message.header(ProfileTombstoneHeaders.mergedInto)?.stringValue
            try tombstone(tenant: tenant, contactID: contactID, survivor: survivor, context: context)
            return
        }
        let profile = try Topics.profiles.decode(value)
        var linked: [ContactRows.Stored] = []
        for (kind, values) in profile.identifiers {
            guard let channel = Channel(identifierKind: kind) else { continue }
            for userID in values {
                if let stored = try ContactRows.fetch(
                    context.db, tenant: tenant, channel: channel.rawValue, userID: userID)
                {
                    linked.append(stored)
                }
            }
        }
        for stored in linked {
            var contact = stored.contact
            contact.contactId = profile.contactId
            if let emails = profile.identifiers["email"], let first = emails.first,
                !emails.contains(contact.email ?? "")
            {
                contact.email = first
            }
            if contact.channel != Channel.whatsapp.rawValue, let phones = profile.identifiers["mobile"],
                let first = phones.first, !phones.contains(contact.phone ?? "")
            {
                contact.phone = first
            }
            try save(stored, as: contact, eventID: profile.eventId, context: context)
        }
    }

    private func tombstone(tenant: String, contactID: String, survivor: String?, context: ApplyContext) throws {
        let rows = try Int64.fetchAll(
            context.db, sql: "SELECT id FROM social_contacts WHERE tenant = ? AND contact_id = ?",
            arguments: [tenant, contactID])
        for contact in try ContactRows.fetch(context.db, rows: rows) {
            guard
                let stored = try ContactRows.fetch(
                    context.db, tenant: tenant, channel: contact.channel, userID: contact.channelUserId)
            else { continue }
            if let survivor {
                var moved = contact
                moved.contactId = survivor
                try save(stored, as: moved, eventID: "merge:\(contactID):\(survivor)", context: context)
            } else {
                try ContactRows.delete(context.db, stored)
                try context.publish(Topics.socialContacts, key: contact.key, value: nil)
            }
        }
    }

    private func save(
        _ stored: ContactRows.Stored, as contact: SocialContactSnapshot, eventID: String, context: ApplyContext
    ) throws {
        guard contact != stored.contact else { return }
        var contact = contact
        contact.eventId = eventID
        try ContactRows.update(context.db, stored, to: contact)
        try context.publishSnapshot(contact)
    }
}
