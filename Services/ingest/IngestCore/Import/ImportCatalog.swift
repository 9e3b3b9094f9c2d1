import GRDB
import RosterModel
import RosterRuntime

/// The attributes an import may name: the presets overlaid by the tenant's own definitions (from its copy of
/// `cdp.metadata`), and which of them identify a contact.
public struct ImportCatalog: Sendable {
    /// Attribute definitions by key.
    public var attributes: [String: AttributeDefinition]
    /// The country local phone numbers belong to, as the tenant set it (CN by default).
    public var defaultCountry: String
    /// Values that never identify a contact, as the resolver applies them.
    public var blockedValues: BlockedIdentifierValues

    /// Makes a catalog from the presets and the tenant's definitions (a tenant definition replaces a preset).
    public init(
        tenantAttributes: [AttributeDefinition] = [], defaultCountry: String = "CN",
        blockedValues: BlockedIdentifierValues = BlockedIdentifierValues()
    ) {
        var attributes = Dictionary(uniqueKeysWithValues: Presets.attributes.map { ($0.key, $0) })
        for definition in tenantAttributes { attributes[definition.key] = definition }
        self.attributes = attributes
        self.defaultCountry = defaultCountry
        self.blockedValues = blockedValues
    }

    /// The tenant's catalog as this worker's store holds it.
    static func load(_ db: Database, tenant: String) throws -> ImportCatalog {
        ImportCatalog(
            tenantAttributes: try MetadataCatalog.attributes(db, tenant: tenant),
            defaultCountry: try MetadataCatalog.settings(db, tenant: tenant).defaultCountry ?? "CN",
            blockedValues: try MetadataCatalog.blockedValues(db, tenant: tenant))
    }

    /// Keys whose values make a contact real-name: `mobile`, `email`, and attributes marked as primary keys.
    var primaryKeys: Set<String> { Set(attributes.values.filter { $0.primaryKey == true }.map(\.key)) }

    /// Keys that identify a contact: primary keys and channel identifiers (`wechat_openid`, `line_uid`, ...).
    var identifierKinds: Set<String> { primaryKeys.union(Presets.channelIdentifierKinds) }

    /// Attributes in a stable order: primary keys first, each group in the presets' order and then by key.
    var ordered: [AttributeDefinition] {
        let presetOrder = Dictionary(uniqueKeysWithValues: Presets.attributes.enumerated().map { ($1.key, $0) })
        func rank(_ definition: AttributeDefinition) -> (Int, Int, String) {
            (definition.primaryKey == true ? 0 : 1, presetOrder[definition.key] ?? Int.max, definition.key)
        }
        return attributes.values.sorted { rank($0) < rank($1) }
    }
}
