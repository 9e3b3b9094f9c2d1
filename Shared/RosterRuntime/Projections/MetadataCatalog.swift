import GRDB
import RosterKafka
import RosterModel

/// A local copy of `cdp.metadata` (attribute and event definitions per tenant), read whole by every worker that
/// validates or lists attributes.
public struct MetadataCatalog: MessageApplier {
    public init() {}

    /// The `catalog_definitions` table.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("metadata-catalog-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE catalog_definitions (
                        tenant TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        PRIMARY KEY (tenant, kind, key)
                    ) WITHOUT ROWID;
                    """)
        }
    }

    public func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else { return }
        let event = try Topics.metadata.decode(value)
        if event.type == .blocklist {
            try Self.recordBlocklist(event, in: context.db)
        } else {
            try Self.record(event, in: context.db)
        }
    }

    /// Stores each value a `metadata.blocklist` event blocks or unblocks.
    static func recordBlocklist(_ event: ContactEvent, in db: Database) throws {
        for (values, blocked) in [(event.blockedValues ?? [], true), (event.unblockedValues ?? [], false)] {
            for value in values {
                try db.execute(
                    sql: """
                        INSERT INTO catalog_definitions (tenant, kind, key, definition) VALUES (?, 'blocked_value', ?, ?)
                        ON CONFLICT (tenant, kind, key) DO UPDATE SET definition = excluded.definition
                        """,
                    arguments: [event.tenant, value.lowercased(), blocked ? "true" : "false"])
            }
        }
    }

    /// The tenant's blocked identifier values over the defaults.
    public static func blockedValues(_ db: Database, tenant: String) throws -> BlockedIdentifierValues {
        var values = BlockedIdentifierValues()
        for row in try Row.fetchAll(
            db, sql: "SELECT key, definition FROM catalog_definitions WHERE tenant = ? AND kind = 'blocked_value'",
            arguments: [tenant])
        {
            if row["definition"] as String == "true" {
                values.blocked.insert(row["key"])
            } else {
                values.unblocked.insert(row["key"])
            }
        }
        return values
    }

    /// Stores the definition a `metadata.*` event carries; returns its `cdp.metadata` key.
    @discardableResult
    public static func record(_ event: ContactEvent, in db: Database) throws -> String {
        let (kind, key, definition): (String, String, [UInt8]) =
            if let attribute = event.attributeDefinition {
                ("attribute", attribute.key, try WireCodec.encode(attribute))
            } else if let definition = event.eventDefinition {
                ("event", definition.key, try WireCodec.encode(definition))
            } else if let settings = event.settings {
                ("setting", "tenant", try WireCodec.encode(settings))
            } else {
                throw RosterError.invalid("a metadata record needs attribute_definition, event_definition or settings")
            }
        try db.execute(
            sql: """
                INSERT INTO catalog_definitions (tenant, kind, key, definition) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant, kind, key) DO UPDATE SET definition = excluded.definition
                """,
            arguments: [event.tenant, kind, key, String(decoding: definition, as: UTF8.self)])
        return "\(event.tenant)/\(kind)/\(key)"
    }

    /// The tenant's attribute definitions.
    public static func attributes(_ db: Database, tenant: String) throws -> [AttributeDefinition] {
        try String.fetchAll(
            db, sql: "SELECT definition FROM catalog_definitions WHERE tenant = ? AND kind = 'attribute' ORDER BY key",
            arguments: [tenant]
        ).map { try WireCodec.decode(AttributeDefinition.self, from: Array($0.utf8)) }
    }

    /// The tenant's event definitions.
    public static func events(_ db: Database, tenant: String) throws -> [EventDefinition] {
        try String.fetchAll(
            db, sql: "SELECT definition FROM catalog_definitions WHERE tenant = ? AND kind = 'event' ORDER BY key",
            arguments: [tenant]
        ).map { try WireCodec.decode(EventDefinition.self, from: Array($0.utf8)) }
    }

    /// Every attribute the tenant may use by key: the presets, each replaced by the tenant's own definition of it.
    public static func definedAttributes(_ db: Database, tenant: String) throws -> [String: AttributeDefinition] {
        var defined = Dictionary(uniqueKeysWithValues: Presets.attributes.map { ($0.key, $0) })
        for definition in try attributes(db, tenant: tenant) { defined[definition.key] = definition }
        return defined
    }

    /// Every event the tenant may record by key: the presets, each replaced by the tenant's own definition of it.
    public static func definedEvents(_ db: Database, tenant: String) throws -> [String: EventDefinition] {
        var defined = Dictionary(uniqueKeysWithValues: Presets.events.map { ($0.key, $0) })
        for definition in try events(db, tenant: tenant) { defined[definition.key] = definition }
        return defined
    }

    /// The tenant's settings (defaults when it has none).
    public static func settings(_ db: Database, tenant: String) throws -> TenantSettings {
        guard
            let text = try String.fetchOne(
                db, sql: "SELECT definition FROM catalog_definitions WHERE tenant = ? AND kind = 'setting'",
                arguments: [tenant])
        else { return TenantSettings() }
        return try WireCodec.decode(TenantSettings.self, from: Array(text.utf8))
    }
}
