import RosterModel

/// Writes the contact event of an import row as JSON: byte for byte what `Topics.contactEvents.encode` writes
/// through Foundation (snake_case keys, sorted, absent fields left out), for the fields `ImportEvents` sets.
///
/// Hand-written because it is the import's per-row cost: Foundation's `JSONEncoder` (a boxed value tree, key
/// conversion and sorting per event) took more CPU than reading, checking and deduplicating the row together.
enum ImportEventJSON {
    /// The event's bytes. `event` carries only what an import row sets: no tag removal, activity or metadata.
    static func encode(_ event: ContactEvent) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { writer in
            writer.member("attributes", ifPresent: event.attributes)
            writer.member("channel", ifPresent: event.channel?.rawValue)
            writer.member("hidden_tags", ifPresent: event.hiddenTags)
            writer.member("id", event.id)
            writer.member("identifiers", ifPresent: event.identifiers)
            writer.member("mode", ifPresent: event.mode?.rawValue)
            writer.member("occurred_at", event.occurredAt)
            writer.member("schema", event.schema)
            writer.member("source", ifPresent: event.source)
            writer.member("subscribed", ifPresent: event.subscribed)
            writer.member("tags", ifPresent: event.tags)
            writer.member("tenant", event.tenant)
            writer.member("type", event.type.rawValue)
        }
        return writer.bytes
    }
}
