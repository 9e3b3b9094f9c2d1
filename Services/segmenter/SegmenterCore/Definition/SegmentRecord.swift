import RosterModel

/// A message on `cdp.segment-definitions`: a segment or a group created, changed or deleted. Keyed
/// `tenant/segment_id` (groups: `tenant/group:<group_id>`), so the compacted topic holds every segment's latest
/// state and every instance reads it whole.
public struct SegmentRecord: Codable, Sendable, Equatable {
    public static let schemaName = "roster.segment-definition/v1"

    /// A segment or a group of segments.
    public enum Kind: String, Codable, Sendable {
        case segment, group
    }

    /// What happened to it.
    public enum Action: String, Codable, Sendable {
        case upsert, delete
    }

    public var schema: String
    /// The event id: the HTTP write waits until this id is applied.
    public var id: String
    public var tenant: String
    public var kind: Kind
    public var action: Action
    /// The segment (kind `segment`).
    public var segmentId: String?
    /// The segment's group, or the group itself (kind `group`).
    public var groupId: String?
    /// The group's name (kind `group`).
    public var name: String?
    /// The definition version; it grows by one with each edit of the conditions.
    public var version: Int?
    public var definition: SegmentDefinition?
    /// Who made the change.
    public var actor: String
    public var at: String
    /// When the segment was created (kept across edits).
    public var createdAt: String?
    public var createdBy: String?

    public init(
        id: String, tenant: String, kind: Kind, action: Action, segmentId: String? = nil, groupId: String? = nil,
        name: String? = nil, version: Int? = nil, definition: SegmentDefinition? = nil, actor: String, at: String,
        createdAt: String? = nil, createdBy: String? = nil
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.action = action
        self.segmentId = segmentId
        self.groupId = groupId
        self.name = name
        self.version = version
        self.definition = definition
        self.actor = actor
        self.at = at
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The message key.
    public var key: String {
        switch kind {
        case .segment: "\(tenant)/\(segmentId ?? "")"
        case .group: "\(tenant)/group:\(groupId ?? "")"
        }
    }

    /// The record as the topic's JSON object.
    public var payload: [String: JSONValue] {
        get throws { try WireCodec.decode([String: JSONValue].self, from: WireCodec.encode(self)) }
    }

    /// The record a topic payload holds.
    public init(payload: [String: JSONValue]) throws {
        self = try WireCodec.decode(SegmentRecord.self, from: WireCodec.encode(payload))
    }
}
