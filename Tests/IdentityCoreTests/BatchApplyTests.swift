import Foundation
import GRDB
import IdentityCore
import RosterKafka
import RosterModel
import RosterTestSupport
import Testing

@testable import RosterRuntime

/// The resolver's batch as the consume loop drives it (each message applied, then the batch's end), on a real store.
@Suite("A batch of contact events is applied at its end, each contact once")
struct BatchApplyTests {
    typealias H = ResolverHarness

    /// Applies the events as one batch in one transaction, each message in its own savepoint as the consume loop's
    /// message-by-message pass does; returns what the batch queued for publishing, in order.
    static func applyBatch(
        _ events: [ContactEvent], to database: DatabasePool, resolver: ContactResolver
    ) throws -> [OutgoingMessage] {
        try database.write { db in
            var published: [OutgoingMessage] = []
            for (offset, event) in events.enumerated() {
                let context = ApplyContext(db: db, topicPrefix: "")
                let message = ConsumedMessage(
                    topic: "cdp.contact-events", partition: 0, offset: Int64(offset), key: Array("dev".utf8),
                    value: try Topics.contactEvents.encode(event), headers: [], timestampMilliseconds: nil)
                do {
                    try db.inSavepoint {
                        try resolver.apply(message, context: context)
                        return .commit
                    }
                    published += context.published
                } catch {
                    continue
                }
            }
            let closing = ApplyContext(db: db, topicPrefix: "")
            try resolver.finishBatch(context: closing)
            return published + closing.published
        }
    }

    static func openStore(_ directory: TemporaryDirectory) throws -> DatabasePool {
        try WorkerDatabase.open(
            path: directory.path + "/identity-resolver.sqlite", migrations: IdentityStore.registerMigrations)
    }

    @Test func aContactChangedBySeveralEventsIsWrittenOnceAndPublishedOnceWithItsLatestState() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.openStore(directory)
        let resolver = ContactResolver()

        // When one batch creates a contact, tags it, and renames it
        let published = try Self.applyBatch(
            [
                H.event("s1", minute: 1, identifiers: ["email": "one@example.com"], attributes: ["name": .string("A")]),
                H.event("s2", .tags, minute: 2, identifiers: ["email": "one@example.com"], tags: ["vip"]),
                H.event("s3", minute: 3, identifiers: ["email": "one@example.com"], attributes: ["name": .string("B")]),
            ], to: database, resolver: resolver)

        // Then one snapshot goes out, the contact as the last event left it
        let snapshots = published.filter { $0.topic == "cdp.profiles" }
        #expect(snapshots.count == 1)
        let snapshot = try Topics.profiles.decode(try #require(snapshots.first?.value))
        #expect(snapshot.attributes == ["name": .string("B")])
        #expect(snapshot.tags == ["vip"])
        #expect(snapshot.eventId == "s3")
        #expect(snapshot.createdAt == "2026-11-20T08:01:00Z")
        #expect(snapshot.updatedAt == "2026-11-20T08:03:00Z")

        // And every change is on the timeline and on cdp.activity, in order
        let activity = try published.filter { $0.topic == "cdp.activity" }.map {
            try Topics.activity.decode(try #require($0.value)).event
        }
        #expect(activity == ["attribute_changed", "tag_added", "attribute_changed"])
        let stored = try database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT event FROM timeline ORDER BY entry_id"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts"),
                try String.fetchOne(db, sql: "SELECT attributes FROM contacts")
            )
        }
        #expect(stored.0 == ["attribute_changed", "tag_added", "attribute_changed"])
        #expect(stored.1 == 1)
        #expect(stored.2 == #"{"name":"B"}"#)
    }

    @Test func aMessageThatFailsInItsSavepointLeavesNothingForTheBatchsEnd() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.openStore(directory)
        let resolver = ContactResolver()

        // When the middle event of a batch fails (an undefined attribute), rolled back alone
        _ = try Self.applyBatch(
            [
                H.event("g1", minute: 1, identifiers: ["email": "good1@example.com"]),
                H.event("b2", minute: 2, identifiers: ["email": "good1@example.com"], attributes: ["shoe": .int(1)]),
                H.event("g3", minute: 3, identifiers: ["email": "good3@example.com"]),
            ], to: database, resolver: resolver)

        // Then the others are applied, and nothing of it: not its change, not its event id
        let stored = try database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT value FROM contact_identifiers ORDER BY value"),
                try String.fetchAll(db, sql: "SELECT last_event_id FROM contacts ORDER BY last_event_id"),
                try String.fetchAll(db, sql: "SELECT event_id FROM roster_applied_events ORDER BY event_id")
            )
        }
        #expect(stored.0 == ["good1@example.com", "good3@example.com"])
        #expect(stored.1 == ["g1", "g3"])
        #expect(stored.2 == ["g1", "g3"])
    }

    @Test func aMergedContactsSearchEntriesMoveToTheSurvivorAndOnlyWhatItKeepsStays() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.openStore(directory)
        let resolver = ContactResolver()
        let store = IdentityStore(database: database)
        _ = try Self.applyBatch(
            [
                H.event(
                    "m1", minute: 1, identifiers: ["email": "alpha@example.com"], attributes: ["name": .string("Alpha")]
                ),
                H.event(
                    "m2", minute: 2, identifiers: ["mobile": "+8613900000001"], attributes: ["name": .string("Bravo")]),
            ], to: database, resolver: resolver)
        let survivor = try #require(try store.contactID(tenant: "dev", kind: "email", value: "alpha@example.com"))

        // When an event carrying both identifiers merges the two, in a later batch
        _ = try Self.applyBatch(
            [H.event("m3", minute: 3, identifiers: ["email": "alpha@example.com", "mobile": "+8613900000001"])],
            to: database, resolver: resolver)

        // Then the survivor is found by both identifiers, not by the name it did not keep, and the index holds each of
        // its values once, under it
        func found(_ field: String, _ text: String) throws -> [String] {
            try store.search(
                tenant: "dev", filters: [.contains(field: field, text: text)], category: .all, limit: 10, offset: 0
            ).contacts.map(\.contactId)
        }
        #expect(try found("email", "alpha@") == [survivor])
        #expect(try found("mobile", "3900000001") == [survivor])
        #expect(try found("name", "Alpha") == [survivor])
        #expect(try found("name", "Bravo") == [])
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT contact_id, field, value FROM contact_search_rows ORDER BY field").map {
                "\($0["contact_id"] as String) \($0["field"] as String) \($0["value"] as String)"
            }
        }
        #expect(
            rows == [
                "\(survivor) email alpha@example.com", "\(survivor) mobile 8613900000001", "\(survivor) name Alpha",
            ])
    }
}
