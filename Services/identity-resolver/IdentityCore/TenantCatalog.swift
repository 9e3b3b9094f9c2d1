import Foundation
import GRDB
import RosterModel
import RosterRuntime
import Synchronization

/// A tenant's attribute and event definitions (the presets, overlaid by what the tenant defined) and its
/// identity guards.
struct TenantCatalog: Sendable {
    let attributes: [String: AttributeDefinition]
    let events: [String: EventDefinition]
    let guards: IdentityGuards
    /// Normalizes identifiers with the tenant's default country.
    let normalizer: IdentifierNormalizer
    /// Attribute keys whose values identify a contact and make it real-name. Kept rather than derived on each use:
    /// every event asks several times.
    let primaryKeys: Set<String>
    /// Identifier kinds an event may carry: primary keys and channel identifiers.
    let identifierKinds: Set<String>

    init(
        attributes: [String: AttributeDefinition], events: [String: EventDefinition], guards: IdentityGuards,
        normalizer: IdentifierNormalizer
    ) {
        self.attributes = attributes
        self.events = events
        self.guards = guards
        self.normalizer = normalizer
        primaryKeys = Set(attributes.values.filter { $0.primaryKey == true }.map(\.key))
        identifierKinds = primaryKeys.union(Presets.channelIdentifierKinds)
    }

    static func load(_ db: Database, tenant: String) throws -> TenantCatalog {
        let settings = try MetadataCatalog.settings(db, tenant: tenant)
        return TenantCatalog(
            attributes: try MetadataCatalog.definedAttributes(db, tenant: tenant),
            events: try MetadataCatalog.definedEvents(db, tenant: tenant),
            guards: try Blocklist.guards(db, tenant: tenant),
            normalizer: IdentifierNormalizer(defaultCountry: settings.defaultCountry ?? "CN"))
    }
}

/// Caches each tenant's catalog between events; a metadata or blocklist change drops the tenant's entry.
final class CatalogCache: Sendable {
    private let catalogs = Mutex<[String: TenantCatalog]>([:])

    func catalog(_ db: Database, tenant: String) throws -> TenantCatalog {
        if let cached = catalogs.withLock({ $0[tenant] }) { return cached }
        let catalog = try TenantCatalog.load(db, tenant: tenant)
        catalogs.withLock { $0[tenant] = catalog }
        return catalog
    }

    func invalidate(tenant: String) {
        catalogs.withLock { $0[tenant] = nil }
    }

    /// Drops every tenant's catalog (after a rollback, a cached catalog may hold definitions that were not kept).
    func removeAll() {
        catalogs.withLock { $0 = [:] }
    }
}
