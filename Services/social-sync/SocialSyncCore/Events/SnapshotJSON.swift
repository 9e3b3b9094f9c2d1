import RosterKafka
import RosterModel
import RosterRuntime

/// Encodes a channel contact snapshot to the same bytes `WireCodec` gives (snake_case keys in sorted order, absent
/// optionals left out), written by hand because the snapshot goes out with every applied event and `JSONEncoder`
/// was the largest single cost of applying one (measured with perf: a third of the applier's CPU).
enum SnapshotJSON {
    /// The snapshot's JSON bytes.
    static func encode(_ snapshot: SocialContactSnapshot) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        var first = true
        func key(_ name: String) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            string(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        func text(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            string(value, into: &out)
        }
        func flag(_ name: String, _ value: Bool?) {
            guard let value else { return }
            key(name)
            out += Array((value ? "true" : "false").utf8)
        }
        key("attributes")
        out += snapshot.attributes.isEmpty ? Array("{}".utf8) : try WireCodec.encode(snapshot.attributes)
        text("avatar_url", snapshot.avatarUrl)
        text("channel", snapshot.channel)
        text("channel_user_id", snapshot.channelUserId)
        text("contact_id", snapshot.contactId)
        text("created_at", snapshot.createdAt)
        text("customer_last_interaction_at", snapshot.customerLastInteractionAt)
        text("display_name", snapshot.displayName)
        text("email", snapshot.email)
        text("event_id", snapshot.eventId)
        text("last_checkout_at", snapshot.lastCheckoutAt)
        flag("member_bound", snapshot.memberBound)
        text("member_id", snapshot.memberId)
        text("omo_store", snapshot.omoStore)
        text("omo_teammate", snapshot.omoTeammate)
        flag("over_quota", snapshot.overQuota)
        text("phone", snapshot.phone)
        flag("phone_bound", snapshot.phoneBound)
        flag("recurring_notification", snapshot.recurringNotification)
        text("schema", snapshot.schema)
        flag("social_bound", snapshot.socialBound)
        flag("subscribed", snapshot.subscribed)
        text("subscribed_at", snapshot.subscribedAt)
        key("tags")
        out.append(UInt8(ascii: "["))
        for (index, tag) in snapshot.tags.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(tag, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        text("team_last_interaction_at", snapshot.teamLastInteractionAt)
        text("team_last_marketing_at", snapshot.teamLastMarketingAt)
        text("tenant", snapshot.tenant)
        flag("test_list", snapshot.testList)
        text("updated_at", snapshot.updatedAt)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else (slashes, non-ASCII) as is.
    private static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension ApplyContext {
    /// Queues a channel contact's snapshot on `cdp.social-contacts`, encoded by `SnapshotJSON`.
    func publishSnapshot(_ contact: SocialContactSnapshot) throws {
        try Outbox.enqueue(
            db,
            OutgoingMessage(
                topic: Topics.socialContacts.name(prefix: topicPrefix), key: contact.key,
                value: try SnapshotJSON.encode(contact)))
    }
}
