/// A topic declared once: its base name, how its messages are keyed, its cleanup policy and payload type.
public struct Topic<Value: Codable & Sendable>: Sendable {
    /// The name without the deployment prefix (`cdp.contact-events`).
    public let baseName: String
    /// How the key is formed, for documentation and `roster` output (`tenant/contact_id`).
    public let keyFormat: String
    /// `delete` or `compact`.
    public let cleanupPolicy: String
    /// Whether every instance reads every partition (a table), rather than a group share.
    public let readWhole: Bool

    /// The name in a deployment whose topics carry `prefix`.
    public func name(prefix: String) -> String { prefix + baseName }

    /// Encodes a payload for this topic.
    public func encode(_ value: Value) throws -> [UInt8] { try WireCodec.encode(value) }

    /// Decodes a payload of this topic.
    public func decode(_ bytes: [UInt8]) throws -> Value { try WireCodec.decode(Value.self, from: bytes) }
}

/// A topic as a provisioning entry, whatever its payload type.
public struct TopicDescriptor: Sendable, Equatable {
    public let baseName: String
    public let keyFormat: String
    public let cleanupPolicy: String
    public let readWhole: Bool
}

extension Topic {
    /// This topic without its payload type.
    public var descriptor: TopicDescriptor {
        TopicDescriptor(baseName: baseName, keyFormat: keyFormat, cleanupPolicy: cleanupPolicy, readWhole: readWhole)
    }
}

/// Every topic of the system, as DESIGN.md lists them.
public enum Topics {
    /// Contact and metadata changes from any producer; keyed by tenant so one resolver sees a whole tenant.
    public static let contactEvents = Topic<ContactEvent>(
        baseName: "cdp.contact-events", keyFormat: "tenant", cleanupPolicy: "delete", readWhole: false)
    /// Each contact's current state, written by the resolver.
    public static let profiles = Topic<ProfileSnapshot>(
        baseName: "cdp.profiles", keyFormat: "tenant/contact_id", cleanupPolicy: "compact", readWhole: false)
    /// Behaviour events attributed to contacts, written by the resolver.
    public static let activity = Topic<ActivityRecord>(
        baseName: "cdp.activity", keyFormat: "tenant/contact_id", cleanupPolicy: "delete", readWhole: false)
    /// Attribute and event definitions, written by the resolver; read whole.
    public static let metadata = Topic<ContactEvent>(
        baseName: "cdp.metadata", keyFormat: "tenant/kind/name", cleanupPolicy: "compact", readWhole: true)
    /// Segment definitions, written by the segmenter; read whole.
    public static let segmentDefinitions = Topic<[String: JSONValue]>(
        baseName: "cdp.segment-definitions", keyFormat: "tenant/segment_id", cleanupPolicy: "compact",
        readWhole: true)
    /// Contacts entering and leaving segments, written by the segmenter.
    public static let segmentMembership = Topic<SegmentMembershipChange>(
        baseName: "cdp.segment-membership", keyFormat: "tenant/segment_id/contact_id", cleanupPolicy: "compact",
        readWhole: false)
    /// Per-partition progress of segment computations, written by the segmenter.
    public static let segmentStatus = Topic<[String: JSONValue]>(
        baseName: "cdp.segment-status", keyFormat: "tenant/segment_id/partition", cleanupPolicy: "compact",
        readWhole: true)
    /// What channel webhooks report about channel users.
    public static let socialEvents = Topic<SocialEvent>(
        baseName: "cdp.social-events", keyFormat: "tenant/channel/channel_user_id", cleanupPolicy: "delete",
        readWhole: false)
    /// Channel contact snapshots, written by social-sync; a tombstone marks a delete.
    public static let socialContacts = Topic<SocialContactSnapshot>(
        baseName: "cdp.social-contacts", keyFormat: "tenant/channel/channel_user_id", cleanupPolicy: "compact",
        readWhole: false)
    /// Export requests from any producer.
    public static let exportRequests = Topic<ExportRequest>(
        baseName: "cdp.exports.requests", keyFormat: "tenant/export_id", cleanupPolicy: "delete", readWhole: false)
    /// Finished exports, written by the exporter.
    public static let exportResults = Topic<ExportResult>(
        baseName: "cdp.exports.results", keyFormat: "tenant/export_id", cleanupPolicy: "delete", readWhole: false)
    /// Messages a worker could not apply, with the reason and origin in headers; the value is the original.
    public static let deadLetter = Topic<[String: JSONValue]>(
        baseName: "cdp.dead-letter", keyFormat: "original key", cleanupPolicy: "delete", readWhole: false)

    /// All of them, in DESIGN.md's order.
    public static let all: [TopicDescriptor] = [
        contactEvents.descriptor, profiles.descriptor, activity.descriptor, metadata.descriptor,
        segmentDefinitions.descriptor, segmentMembership.descriptor, segmentStatus.descriptor,
        socialEvents.descriptor, socialContacts.descriptor, exportRequests.descriptor, exportResults.descriptor,
        deadLetter.descriptor,
    ]
}

/// The headers a tombstone on `cdp.profiles` may carry, saying why the contact is gone.
public enum ProfileTombstoneHeaders {
    /// On a merge-away: the surviving contact's id.
    public static let mergedInto = "roster.merged-into"
    /// On a deletion made by an event type other than `contact.delete`: that type (`contact.unlink`, when the last
    /// identifier was taken off: the channel contact that held it is gone already).
    public static let deletedBy = "roster.deleted-by"
}

/// The header names a dead-lettered message carries.
public enum DeadLetterHeaders {
    public static let error = "roster.error"
    public static let sourceTopic = "roster.source.topic"
    public static let sourcePartition = "roster.source.partition"
    public static let sourceOffset = "roster.source.offset"
    public static let worker = "roster.worker"
}
