import GRDB
import RosterModel
import RosterRuntime

/// The columns an export may have: the preset attributes overlaid by the tenant's own definitions (its copy of
/// `cdp.metadata`), with their labels and types.
struct ExportColumns: Sendable {
    /// Every attribute, `contact_id` first, then the presets in their order, then the tenant's own by key.
    let all: [ExportColumn]

    /// Makes the catalog from the tenant's attribute definitions (a tenant definition replaces a preset's).
    init(tenantAttributes: [AttributeDefinition]) {
        var definitions = Dictionary(uniqueKeysWithValues: Presets.attributes.map { ($0.key, $0) })
        for definition in tenantAttributes { definitions[definition.key] = definition }
        let presetOrder = Dictionary(uniqueKeysWithValues: Presets.attributes.enumerated().map { ($1.key, $0) })
        func rank(_ key: String) -> (Int, Int, String) {
            (key == "contact_id" ? 0 : 1, presetOrder[key] ?? Int.max, key)
        }
        all = definitions.values.sorted { rank($0.key) < rank($1.key) }.map {
            ExportColumn(key: $0.key, label: $0.label, type: $0.type)
        }
    }

    /// The tenant's columns as the worker's store holds them.
    static func load(_ db: Database, tenant: String) throws -> ExportColumns {
        ExportColumns(tenantAttributes: try MetadataCatalog.attributes(db, tenant: tenant))
    }

    /// The columns asked for, in the order given (duplicates dropped), or all of them when `keys` is nil or empty;
    /// throws naming every key the tenant has not defined.
    func select(_ keys: [String]?) throws -> [ExportColumn] {
        guard let keys, !keys.isEmpty else { return all }
        let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
        var seen: Set<String> = []
        var columns: [ExportColumn] = []
        var problems: [RosterError.Detail] = []
        for (index, key) in keys.enumerated() where seen.insert(key).inserted {
            if let column = byKey[key] {
                columns.append(column)
            } else {
                problems.append(
                    .init(row: index + 1, field: "attributes", value: key, reason: "is not an attribute of this tenant")
                )
            }
        }
        guard problems.isEmpty else {
            throw RosterError.invalid(
                "attributes names \(problems.compactMap(\.value).joined(separator: ", ")), which this tenant has not defined",
                details: problems)
        }
        return columns
    }
}
