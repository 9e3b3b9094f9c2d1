import GRDB
import RosterModel
import RosterRuntime

/// What a definition may refer to in one tenant: attributes with their kinds (presets, the tenant's own, and the
/// contact's tags and subscriptions), events with their typed properties, and the tenant's segment ids.
public struct SegmentCatalog: Sendable {
    /// Attribute key → kind of value.
    public var attributes: [String: ValueKind]
    /// Event key → typed properties (`nil`: free-form properties).
    public var events: [String: [String: ValueKind]?]
    /// Segment ids a definition may reference.
    public var segments: Set<String>

    /// Attributes every contact has beyond the metadata: its tags and its subscription state per channel.
    public static let contactAttributes: [String: ValueKind] = [
        "tags": .tags, "subscribed_global": .boolean, "subscribed_email": .boolean, "subscribed_mobile": .boolean,
        "updated_at": .datetime,
    ]

    public init(
        attributes: [String: ValueKind], events: [String: [String: ValueKind]?], segments: Set<String> = []
    ) {
        self.attributes = attributes
        self.events = events
        self.segments = segments
    }

    /// The presets overlaid by the tenant's metadata, plus the contact attributes.
    public static func load(_ db: Database, tenant: String, segments: Set<String>) throws -> SegmentCatalog {
        var catalog = SegmentCatalog(
            attributes: [:], events: [:], segments: segments.union(BuiltinSegments.ids))
        catalog.attributes = try MetadataCatalog.definedAttributes(db, tenant: tenant).mapValues { ValueKind($0.type) }
        catalog.attributes.merge(contactAttributes) { _, contact in contact }
        catalog.events = try MetadataCatalog.definedEvents(db, tenant: tenant).mapValues {
            $0.properties.map { $0.mapValues(ValueKind.init) }
        }
        return catalog
    }
}
