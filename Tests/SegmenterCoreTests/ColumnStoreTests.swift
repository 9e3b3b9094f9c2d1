import Foundation
import GRDB
import RosterModel
import RosterRuntime
import Testing

@testable import SegmenterCore

@Suite("The resident columns follow the projection's committed transactions")
struct ColumnStoreTests {
    static let china =
        #"{"name": "c", "type": "advanced", "rule": {"attribute": "location", "op": "equals", "value": "China"}}"#
    static let scanned = #"{"name": "q", "type": "advanced", "rule": {"event": "wechat_qr_scan", "did": true}}"#

    /// The contacts of `tenant` that satisfy `json` over the store's columns.
    static func members(_ store: ColumnStore, _ json: String, tenant: String = "dev") throws -> Set<String> {
        try members(try #require(store.snapshot(tenant: tenant)), json)
    }

    /// The contacts that satisfy `json` over a tenant's columns.
    static func members(_ columns: TenantColumns, _ json: String) throws -> Set<String> {
        let held = ColumnEvaluator(columns: columns, now: Fixture.now, memberships: [:])
            .members(try Fixture.plan(json))
        return Set(held.indices.filter { held[$0] }.map { columns.ids[$0] })
    }

    static func facts(_ contact: String, location: String) -> ContactFacts {
        ContactFacts(contactId: contact, attributes: ["location": .string(location)], tags: [], events: [])
    }

    @Test func committedChangesApplyAndRolledBackOnesDoNot() throws {
        // Given columns loaded from a projection holding one Chinese contact
        let database = try ProjectionDatabase()
        try database.insert(
            ProfileSnapshot(
                tenant: "dev", contactId: "c1", eventId: "e1", identifiers: [:],
                attributes: ["location": .string("China")], tags: [], subscriptions: Subscriptions(),
                createdAt: "2026-11-20T00:00:00Z", updatedAt: "2026-11-20T00:00:00Z"))
        let store = ColumnStore()
        try database.pool.write { db in
            try store.prepare(
                db, tenant: "dev", plans: [try Fixture.plan(Self.china), try Fixture.plan(Self.scanned)])
        }
        #expect(try Self.members(store, Self.china) == ["c1"])

        // When one transaction records a new Chinese contact and a scan, and commits
        try database.pool.write { db in
            store.record(.profile(tenant: "dev", partition: 0, Self.facts("c2", location: "China")), in: db)
            store.record(
                .event(
                    tenant: "dev", contact: "c2",
                    FactEvent(name: "wechat_qr_scan", occurredAt: Fixture.now - 3600, properties: [:])), in: db)
            // Then nothing shows before the commit
            let before = try Self.members(store, Self.china)
            #expect(before == ["c1"])
        }
        #expect(try Self.members(store, Self.china) == ["c1", "c2"])
        #expect(try Self.members(store, Self.scanned) == ["c2"])

        // When another moves c1 to Japan and deletes c2, then rolls back
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.pool.write { db in
                store.record(.profile(tenant: "dev", partition: 0, Self.facts("c1", location: "Japan")), in: db)
                store.record(.removed(tenant: "dev", contact: "c2"), in: db)
                throw Abort()
            }
        }

        // Then the columns are as before
        #expect(try Self.members(store, Self.china) == ["c1", "c2"])

        // And when that commits, c2 is gone and c1 is out, and a change of a tenant not loaded is ignored
        try database.pool.write { db in
            store.record(.profile(tenant: "dev", partition: 0, Self.facts("c1", location: "Japan")), in: db)
            store.record(.removed(tenant: "dev", contact: "c2"), in: db)
            store.record(.profile(tenant: "other", partition: 0, Self.facts("c9", location: "China")), in: db)
        }
        #expect(try Self.members(store, Self.china).isEmpty)
        #expect(try Self.members(store, Self.scanned).isEmpty)
        #expect(store.snapshot(tenant: "other") == nil)
    }

    @Test func aColumnFirstReadByANewPlanIsLoadedOnce() throws {
        // Given columns loaded for a location condition only
        let database = try ProjectionDatabase()
        try database.insert(
            ProfileSnapshot(
                tenant: "dev", contactId: "c1", eventId: "e1", identifiers: [:],
                attributes: ["location": .string("China"), "member_points": .int(50)], tags: [],
                subscriptions: Subscriptions(), createdAt: "2026-11-20T00:00:00Z", updatedAt: "2026-11-20T00:00:00Z"))
        let store = ColumnStore()
        try database.pool.write { db in try store.prepare(db, tenant: "dev", plans: [try Fixture.plan(Self.china)])
        }
        let points =
            #"{"name": "p", "type": "advanced", "rule": {"attribute": "member_points", "op": "greater", "value": 10}}"#

        // When a plan reads another attribute
        #expect(store.needsLoad(tenant: "dev", plans: [try Fixture.plan(points)]))
        try database.pool.write { db in try store.prepare(db, tenant: "dev", plans: [try Fixture.plan(points)]) }

        // Then it is loaded next to the first, with the same rows
        #expect(!store.needsLoad(tenant: "dev", plans: [try Fixture.plan(points), try Fixture.plan(Self.china)]))
        #expect(try Self.members(store, points) == ["c1"])
        #expect(try Self.members(store, Self.china) == ["c1"])
        #expect(store.snapshot(tenant: "dev")?.count == 1)
    }

    @Test func columnsReadFromASnapshotCatchUpWithWhatCommittedDuringTheRead() throws {
        // Given a projection with c1 (China, one scan), c2 (Japan) and c4 (a scan, no profile yet), and resident
        // columns for the location only
        let database = try ProjectionDatabase()
        func profile(_ contact: String, _ location: String) -> ProfileSnapshot {
            ProfileSnapshot(
                tenant: "dev", contactId: contact, eventId: "e-\(contact)", identifiers: [:],
                attributes: ["location": .string(location)], tags: [], subscriptions: Subscriptions(),
                createdAt: "2026-11-20T00:00:00Z", updatedAt: "2026-11-20T00:00:00Z")
        }
        func scan(_ id: String, _ contact: String) -> ActivityRecord {
            ActivityRecord(
                id: id, tenant: "dev", contactId: contact, event: "wechat_qr_scan", properties: [:],
                occurredAt: "2026-11-23T00:00:00Z")
        }
        try database.insert(profile("c1", "China"))
        try database.insert(profile("c2", "Japan"))
        try database.insert(scan("s1", "c1"))
        try database.insert(scan("s4", "c4"))
        let store = ColumnStore()
        try database.pool.write { db in try store.prepare(db, tenant: "dev", plans: [try Fixture.plan(Self.china)]) }
        let plans = [try Fixture.plan(Self.china), try Fixture.plan(Self.scanned)]

        // When the scans are read from a snapshot
        let read = try database.pool.read { db in
            try ColumnRead(db, tenant: "dev", wanted: .init(plans), base: store.snapshot(tenant: "dev"))
        }

        // And meanwhile c2 scans, c3 arrives from China, c4's profile arrives from China and c1 is deleted
        let scanTime = TimeParser.seconds("2026-11-23T00:00:00Z")!
        let since: [ColumnStore.Change] = [
            .event(
                tenant: "dev", contact: "c2", FactEvent(name: "wechat_qr_scan", occurredAt: scanTime, properties: [:])),
            .profile(tenant: "dev", partition: 0, Self.facts("c3", location: "China")),
            .profile(tenant: "dev", partition: 0, Self.facts("c4", location: "China")),
            .removed(tenant: "dev", contact: "c1"),
        ]
        try database.insert(scan("s2", "c2"))
        try database.insert(profile("c3", "China"))
        try database.insert(profile("c4", "China"))
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM projected_profiles WHERE contact_id = 'c1'")
            try db.execute(sql: "DELETE FROM contact_activity WHERE contact_id = 'c1'")
            for change in since { store.record(change, in: db) }
        }

        // Then what was read, joined to the resident columns with those changes, is what a read now gives
        let joined = read.joined(to: store.snapshot(tenant: "dev"), since: since)
        let fresh = ColumnStore()
        try database.pool.write { db in try fresh.prepare(db, tenant: "dev", plans: plans) }
        let now = try #require(fresh.snapshot(tenant: "dev"))
        for plan in [Self.china, Self.scanned] {
            #expect(try Self.members(joined, plan) == Self.members(now, plan), "\(plan)")
        }
        #expect(try Self.members(joined, Self.china) == ["c3", "c4"])
        #expect(try Self.members(joined, Self.scanned) == ["c2", "c4"])
    }
}
