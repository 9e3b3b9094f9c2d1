import RosterModel

/// The segments every tenant has without defining them: global, e-mail and mobile unsubscribers, kept in real
/// time by the incremental path, in the built-in group `channel-unsubscribes`. A global unsubscribe counts as an
/// e-mail and a mobile one too.
public enum BuiltinSegments {
    /// The group that holds them.
    public static let groupID = "channel-unsubscribes"
    /// Their version never changes.
    public static let version = 1

    /// Id → definition.
    public static let definitions: [(id: String, definition: SegmentDefinition)] = [
        ("unsubscribed-global", unsubscribed("Global unsubscribers", channels: ["global"])),
        ("unsubscribed-email", unsubscribed("E-mail unsubscribers", channels: ["global", "email"])),
        ("unsubscribed-mobile", unsubscribed("Mobile unsubscribers", channels: ["global", "mobile"])),
    ]

    /// Their ids.
    public static let ids = Set(definitions.map(\.id))

    private static func unsubscribed(_ name: String, channels: [String]) -> SegmentDefinition {
        SegmentDefinition(
            name: name, type: .standard,
            clusters: [
                Cluster(
                    join: .or,
                    conditions: channels.map {
                        .attribute(AttributeCondition(attribute: "subscribed_\($0)", op: .equals, value: .bool(false)))
                    })
            ])
    }
}
