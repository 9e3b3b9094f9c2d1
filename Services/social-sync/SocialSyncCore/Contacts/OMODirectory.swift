import GRDB
import RosterModel

/// The tenant's teammates and stores, which channel contacts are bound to for OMO.
enum OMODirectory {
    /// A teammate who can serve contacts at a store.
    struct Teammate: Codable, Sendable, Equatable {
        var teammateId: String
        var name: String?
        var role: String
        var storeCode: String
    }

    /// A store location.
    struct Store: Codable, Sendable, Equatable {
        var storeCode: String
        var name: String?
    }

    /// Stores a `teammate_saved` or `store_saved` record.
    static func save(_ event: SocialEvent, kind: SocialEventKind, in db: Database) throws {
        if kind == .storeSaved {
            try db.execute(
                sql: """
                    INSERT INTO social_stores (tenant, store_code, name) VALUES (?, ?, ?)
                    ON CONFLICT (tenant, store_code) DO UPDATE SET name = excluded.name
                    """, arguments: [event.tenant, event.storeCode, event.displayName])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO social_teammates (tenant, teammate_id, name, role, store_code) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (tenant, teammate_id) DO UPDATE SET name = excluded.name, role = excluded.role,
                        store_code = excluded.store_code
                    """, arguments: [event.tenant, event.teammate, event.displayName, event.role, event.storeCode])
        }
    }

    /// Why a contact cannot be bound to the teammate at the store, or nil when it can (`UNASSIGNED` always can).
    static func checkBindable(_ db: Database, tenant: String, teammate: String, store: String?) throws -> String? {
        if teammate == unassignedTeammate { return nil }
        return bindingProblem(try self.teammate(db, tenant: tenant, id: teammate), store: store)
    }

    /// Why a contact cannot be bound to this teammate (nil when not found) at the store, or nil when it can.
    static func bindingProblem(_ found: Teammate?, store: String?) -> String? {
        guard let found else { return "is not a teammate of this tenant" }
        guard bindableRoles.contains(found.role) else {
            return "has the role \(found.role); only sales or sales_manager can have contacts bound"
        }
        guard let store, found.storeCode == store else {
            return "works at store \(found.storeCode), not \(store ?? "none")"
        }
        return nil
    }

    /// One teammate.
    static func teammate(_ db: Database, tenant: String, id: String) throws -> Teammate? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM social_teammates WHERE tenant = ? AND teammate_id = ?"),
            arguments: [tenant, id]
        ).map(teammate)
    }

    /// The tenant's teammates.
    static func teammates(_ db: Database, tenant: String) throws -> [Teammate] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM social_teammates WHERE tenant = ? ORDER BY teammate_id", arguments: [tenant]
        )
        .map(teammate)
    }

    /// The tenant's stores.
    static func stores(_ db: Database, tenant: String) throws -> [Store] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM social_stores WHERE tenant = ? ORDER BY store_code", arguments: [tenant]
        )
        .map { Store(storeCode: $0["store_code"], name: $0["name"]) }
    }

    private static func teammate(_ row: Row) -> Teammate {
        Teammate(teammateId: row["teammate_id"], name: row["name"], role: row["role"], storeCode: row["store_code"])
    }
}
