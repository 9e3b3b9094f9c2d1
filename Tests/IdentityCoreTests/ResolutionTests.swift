import Foundation
import GRDB
import IdentityCore
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("Identity resolution on a real store and broker", .timeLimit(.minutes(2)))
struct ResolutionTests {
    typealias H = ResolverHarness

    @Test func blockedValueDoesNotJoinTwoPhones() async throws {
        let resolver = try ResolverHarness()
        // Given two people whose forms both carry test@test.com
        try await resolver.apply([
            H.event("b1", minute: 1, identifiers: ["mobile": "13800000001", "email": "test@test.com"]),
            H.event("b2", minute: 2, identifiers: ["mobile": "13800000002", "email": "TEST@test.com"]),
        ])

        // Then they stay two contacts, the value joins nobody, and each is flagged
        #expect(try resolver.contactCount() == 2)
        #expect(try resolver.contact("email", "test@test.com") == nil)
        for mobile in ["8613800000001", "8613800000002"] {
            let contact = try #require(try resolver.contact("mobile", mobile))
            #expect(contact.identifiers == ["mobile": [mobile]])
            #expect(
                resolver.worker.metrics.render().contains(
                    "roster_identity_guard_total{worker=\"identity-resolver\",guard=\"blocked_identifier\"} 2"))
        }
        await resolver.stop()
    }

    @Test func aTenantsBlockedValueJoinsNobodyAndIsPublishedForImports() async throws {
        let resolver = try ResolverHarness()
        // Given the tenant blocks a shared family address, then two people use it
        try await resolver.apply([
            H.event("bl", .blocklist, minute: 1, identifiers: [:]) { $0.blockedValues = ["Shared@Family.example"] },
            H.event("f1", minute: 2, identifiers: ["mobile": "13800000031", "email": "shared@family.example"]),
            H.event("f2", minute: 3, identifiers: ["mobile": "13800000032", "email": "shared@family.example"]),
        ])

        // Then they stay two contacts without the address
        #expect(try resolver.contactCount() == 2)
        #expect(try resolver.contact("email", "shared@family.example") == nil)

        // And the value is on cdp.metadata, keyed per value, for ingest's previews
        let records = try await TopicReader.read(
            resolver.cluster.topic("cdp.metadata"), cluster: resolver.cluster, atLeast: 1, timeout: .seconds(20))
        #expect(records.map(\.keyString).contains("dev/blocked_value/shared@family.example"))
        await resolver.stop()
    }

    @Test func sixthEmailIsFlaggedNotAdded() async throws {
        let resolver = try ResolverHarness()
        // When one phone brings six different e-mails
        try await resolver.apply(
            (1...6).map {
                H.event("m\($0)", minute: $0, identifiers: ["mobile": "13800000009", "email": "p\($0)@example.com"])
            })

        // Then the contact keeps five and is flagged for the sixth
        let contact = try #require(try resolver.contact("mobile", "8613800000009"))
        #expect(contact.identifiers["email"] == (1...5).map { "p\($0)@example.com" })
        #expect(try resolver.contact("email", "p6@example.com") == nil)
        let view = try await resolver.store.database.read { db in
            try String.fetchOne(
                db, sql: "SELECT flags FROM contacts WHERE contact_id = ?", arguments: [contact.contactId])
        }
        #expect(view?.contains("\"reason\":\"identifier_limit\"") == true)
        #expect(view?.contains("p6@example.com") == true)
        await resolver.stop()
    }

    @Test func phoneOnlyEmailOnlyAndBothMergeIntoTheOldest() async throws {
        let resolver = try ResolverHarness()
        // Given a contact known by phone, a later one known by e-mail, then a record carrying both
        try await resolver.apply([
            H.event("p", minute: 1, identifiers: ["mobile": "13800000003"], attributes: ["name": .string("Phone")]),
            H.event(
                "e", minute: 2, identifiers: ["email": "both@example.com"], attributes: ["location": .string("China")]),
            H.event(
                "pe", minute: 3, identifiers: ["mobile": "13800000003", "email": "both@example.com"],
                attributes: ["name": .string("Both")]),
        ])

        // Then one contact remains: the oldest, with both identifiers, incoming values winning
        #expect(try resolver.contactCount() == 1)
        let contact = try #require(try resolver.contact("email", "both@example.com"))
        #expect(contact.contactId == (try resolver.contact("mobile", "8613800000003"))?.contactId)
        #expect(contact.createdAt == "2026-11-20T08:01:00Z")
        #expect(contact.attributes == ["name": .string("Both"), "location": .string("China")])
        let merges = try resolver.store.merges(tenant: "dev", survivor: contact.contactId)
        #expect(merges.count == 1)
        #expect(merges.first?.joinedByKind == "email")
        #expect(merges.first?.joinedByValue == "both@example.com")
        #expect(merges.first?.eventId == "pe")
        // And the merged-away contact is tombstoned with where it went (one batch publishes the tombstone and one
        // snapshot per remaining contact, the survivor's and the sentinel's)
        let profiles = try await TopicReader.read(
            resolver.cluster.topic("cdp.profiles"), cluster: resolver.cluster, atLeast: 3)
        let tombstone = try #require(profiles.first { $0.value == nil })
        #expect(tombstone.keyString == "dev/\(merges[0].mergedId)")
        #expect(tombstone.header(ProfileTombstoneHeaders.mergedInto)?.stringValue == contact.contactId)
        await resolver.stop()
    }

    @Test func redeliveredEventChangesNothing() async throws {
        let resolver = try ResolverHarness()
        let event = H.event("once", minute: 1, identifiers: ["email": "once@example.com"], tags: ["vip"])
        try await resolver.apply([event])
        let before = try #require(try resolver.contact("email", "once@example.com"))
        let timelineBefore = try resolver.rows(in: "timeline", contactID: before.contactId)

        // When the same event arrives again
        try await resolver.apply([event])

        // Then the contact and its timeline are as they were
        #expect(try resolver.contact("email", "once@example.com") == before)
        #expect(try resolver.rows(in: "timeline", contactID: before.contactId) == timelineBefore)
        #expect(timelineBefore == 1)
        await resolver.stop()
    }

    @Test func unsubscribeSurvivesAMerge() async throws {
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event("s1", minute: 1, identifiers: ["mobile": "13800000004"]),
            H.event("s2", minute: 2, identifiers: ["email": "quiet@example.com"]),
            H.event("s3", .subscription, minute: 3, identifiers: ["email": "quiet@example.com"]) {
                $0.channel = .email
                $0.subscribed = false
            },
            H.event("s4", minute: 4, identifiers: ["mobile": "13800000004", "email": "quiet@example.com"]),
        ])
        let contact = try #require(try resolver.contact("mobile", "8613800000004"))
        #expect(contact.subscriptions == Subscriptions(global: true, email: false, mobile: true))
        await resolver.stop()
    }

    @Test func hiddenTagsStayOnTheContactApartFromVisibleOnes() async throws {
        // Given a contact with a visible tag, then a hidden one, then a merge with a contact holding another hidden tag
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event("h1", minute: 1, identifiers: ["mobile": "13800000021"], tags: ["vip"]),
            H.event("h2", .tags, minute: 2, identifiers: ["mobile": "13800000021"]) { $0.hiddenTags = ["churn-risk"] },
            H.event("h3", minute: 3, identifiers: ["email": "h@example.com"]) {
                $0.hiddenTags = ["vip", "test-group"]
            },
            H.event("h4", minute: 4, identifiers: ["mobile": "13800000021", "email": "h@example.com"]),
        ])

        // Then the survivor keeps vip visible (a visible tag wins over the same tag hidden) and both hidden tags
        let contact = try #require(try resolver.contact("mobile", "8613800000021"))
        #expect(contact.tags == ["vip"])
        #expect(contact.hiddenTags == ["churn-risk", "test-group"])
        #expect(contact.snapshot.hiddenTags == ["churn-risk", "test-group"])

        // And the 360° view shows them apart, a tag search finds the contact by a hidden tag, and lists show only
        // visible tags
        let view = try await resolver.json("GET", "/v1/contacts/\(contact.contactId)")
        #expect(view["tags"] as? [String] == ["vip"])
        #expect(view["hidden_tags"] as? [String] == ["churn-risk", "test-group"])
        let found = try await resolver.json("GET", "/v1/contacts/search?tag=churn-risk")
        let rows = try #require(found["contacts"] as? [[String: Any]])
        #expect(rows.map { $0["contact_id"] as? String } == [contact.contactId])
        #expect(rows.first?["tags"] as? [String] == ["vip"])

        // When the hidden tag is removed, then it is gone
        try await resolver.apply([
            H.event("h5", .tags, minute: 5, identifiers: ["mobile": "13800000021"]) { $0.removeTags = ["churn-risk"] }
        ])
        #expect(try resolver.contact("mobile", "8613800000021")?.hiddenTags == ["test-group"])
        await resolver.stop()
    }

    @Test func fastModeWritesNoTimelineAndNormalModeRecordsEachChange() async throws {
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event(
                "f", minute: 1, identifiers: ["email": "fast@example.com"], attributes: ["name": .string("F")],
                tags: ["a"], mode: .fast),
            H.event(
                "n", minute: 1, identifiers: ["email": "normal@example.com"], attributes: ["name": .string("N")],
                tags: ["a", "b"], mode: .normal),
        ])
        let fast = try #require(try resolver.contact("email", "fast@example.com"))
        let normal = try #require(try resolver.contact("email", "normal@example.com"))
        #expect(fast.attributes["name"] == .string("F"))
        #expect(try resolver.rows(in: "timeline", contactID: fast.contactId) == 0)
        let entries = try await resolver.worker.database.read { db in
            try String.fetchAll(
                db, sql: "SELECT event FROM timeline WHERE contact_id = ? ORDER BY entry_id",
                arguments: [normal.contactId])
        }
        #expect(entries == ["attribute_changed", "tag_added", "tag_added"])
        let activity = try await TopicReader.read(
            resolver.cluster.topic("cdp.activity"), cluster: resolver.cluster, atLeast: 3)
        #expect(activity.count == 3)
        #expect(Set(activity.map(\.keyString)) == ["dev/\(normal.contactId)"])
        await resolver.stop()
    }

    @Test func deletedContactIsGoneFromEveryTable() async throws {
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event("d1", minute: 1, identifiers: ["mobile": "13800000005"], tags: ["x"]),
            H.event("d2", minute: 2, identifiers: ["email": "gone@example.com"]),
            H.event("d3", minute: 3, identifiers: ["mobile": "13800000005", "email": "gone@example.com"]),
            H.event("d4", .activity, minute: 4, identifiers: ["email": "gone@example.com"]) { $0.event = "email_open" },
        ])
        let id = try #require(try resolver.contact("mobile", "8613800000005")).contactId
        #expect(try resolver.rows(in: "timeline", contactID: id) > 0)
        #expect(try resolver.rows(in: "contact_search_rows", contactID: id) == 2)

        try await resolver.apply([H.event("d5", .delete, minute: 5, identifiers: ["email": "gone@example.com"])])

        #expect(try resolver.contactCount() == 0)
        #expect(try resolver.rows(in: "contacts", contactID: id) == 0)
        #expect(try resolver.rows(in: "contact_identifiers", contactID: id) == 0)
        #expect(try resolver.rows(in: "timeline", contactID: id) == 0)
        #expect(try resolver.rows(in: "contact_search_rows", contactID: id) == 0)
        #expect(try resolver.rows(in: "contact_merges", contactColumn: "survivor_id", contactID: id) == 0)
        // (At least a merge tombstone and two snapshots from the first batch, a tombstone and a snapshot from the second.)
        let profiles = try await TopicReader.read(
            resolver.cluster.topic("cdp.profiles"), cluster: resolver.cluster, atLeast: 5)
        #expect(profiles.last { $0.keyString == "dev/\(id)" }?.value == nil)
        await resolver.stop()
    }

    @Test func unlinkTakesAnIdentifierOffAndDeletesAContactLeftWithNone() async throws {
        let resolver = try ResolverHarness()
        try await resolver.apply([
            H.event("u1", minute: 1, identifiers: ["email": "kept@example.com", "line_uid": "Ukept"]),
            H.event("u2", minute: 2, identifiers: ["line_uid": "Ualone"], attributes: ["name": .string("Alone")]),
        ])
        let kept = try #require(try resolver.contact("email", "kept@example.com")).contactId
        let alone = try #require(try resolver.contact("line_uid", "Ualone")).contactId

        // In one batch: a WhatsApp id added and taken off again, the LINE ids taken off, an unknown one ignored
        try await resolver.apply([
            H.event("u3", minute: 3, identifiers: ["email": "kept@example.com", "whatsapp": "8613800000009"]),
            H.event("u4", .unlink, minute: 4, identifiers: ["line_uid": "Ukept", "whatsapp": "8613800000009"]),
            H.event("u5", .unlink, minute: 5, identifiers: ["line_uid": "Ualone"]),
            H.event("u6", .unlink, minute: 6, identifiers: ["line_uid": "Unobody"]),
        ])

        let contact = try #require(try resolver.contact("email", "kept@example.com"))
        #expect(contact.contactId == kept)
        #expect(contact.identifiers == ["email": ["kept@example.com"]])
        #expect(contact.lastEventId == "u4")
        #expect(try resolver.rows(in: "contact_identifiers", contactID: kept) == 1)
        #expect(try resolver.contact("line_uid", "Ukept") == nil)
        #expect(try resolver.contact("whatsapp", "8613800000009") == nil)
        #expect(try resolver.rows(in: "contacts", contactID: alone) == 0)
        #expect(try resolver.rows(in: "contact_search_rows", contactID: alone) == 0)
        #expect(try resolver.contactCount() == 1)
        // (Three snapshots from the first batch with its sentinel's; the kept one's, a tombstone and a sentinel's from
        // the second.)
        let profiles = try await TopicReader.read(
            resolver.cluster.topic("cdp.profiles"), cluster: resolver.cluster, atLeast: 6)
        #expect(profiles.count == 6)
        let tombstone = try #require(profiles.last { $0.keyString == "dev/\(alone)" })
        #expect(tombstone.value == nil)
        #expect(tombstone.header(ProfileTombstoneHeaders.deletedBy)?.stringValue == "contact.unlink")
        let snapshot = try #require(profiles.last { $0.keyString == "dev/\(kept)" }?.value)
        #expect(try Topics.profiles.decode(snapshot).identifiers == ["email": ["kept@example.com"]])
        await resolver.stop()
    }

    @Test func anEventWithoutSchemaTenantOrTimeTakesTheMessagesKeyAndTimestamp() async throws {
        let resolver = try ResolverHarness()
        // Given an upstream system that publishes the bare minimum: an id, a type, identifiers and attributes
        // (2026-11-20T09:30:00Z is the messages' CreateTime)
        try await resolver.apply(
            json: [
                #"{"id":"bare-1","type":"contact.upsert","identifiers":{"mobile":"13800001111"},"attributes":{"name":"Bare"}}"#,
                #"{"id":"bare-2","type":"contact.activity","identifiers":{"mobile":"13800001111"},"event":"email_open"}"#,
                #"{"type":"contact.upsert","identifiers":{"mobile":"13800002222"}}"#,
            ], timestampMilliseconds: 1_795_167_000_000)

        // Then the events are applied for the key's tenant at the message's time
        let contact = try #require(try resolver.contact("mobile", "8613800001111"))
        #expect(contact.attributes["name"] == .string("Bare"))
        let timeline = try await resolver.json("GET", "/v1/contacts/\(contact.contactId)/timeline")
        let entries = try #require(timeline["entries"] as? [[String: Any]])
        #expect(entries.map { $0["event"] as? String } == ["email_open", "attribute_changed"])
        #expect(
            entries.map { $0["occurred_at"] as? String } == ["2026-11-20T09:30:00.000Z", "2026-11-20T09:30:00.000Z"])

        // And the one without an id is dead-lettered saying so, never given an id the next delivery would not share
        #expect(try resolver.contact("mobile", "8613800002222") == nil)
        let dead = try await TopicReader.read(
            resolver.cluster.topic("cdp.dead-letter"), cluster: resolver.cluster, atLeast: 1)
        #expect(
            dead.compactMap { $0.header(DeadLetterHeaders.error)?.stringValue } == [
                "invalid_message: id must not be empty"
            ])
        await resolver.stop()
    }

    @Test func undefinedOrMistypedDataGoesToTheDeadLetterTopicNamingIt() async throws {
        let resolver = try ResolverHarness()
        // When one event uses an undefined attribute and another gives points as text
        try await resolver.apply([
            H.event("u1", minute: 1, identifiers: ["email": "u1@example.com"], attributes: ["shoe_size": .int(42)]),
            H.event(
                "u2", minute: 2, identifiers: ["email": "u2@example.com"],
                attributes: ["member_points": .string("many")]),
            H.event("u3", .attributeDefined, minute: 3, identifiers: [:]) {
                $0.identifiers = nil
                $0.attributeDefinition = AttributeDefinition(key: "shoe_size", label: "Shoe size", type: .number)
            },
            H.event("u4", minute: 4, identifiers: ["email": "u4@example.com"], attributes: ["shoe_size": .int(42)]),
        ])

        // Then both bad events are dead-lettered with the attribute named, and the defined one is applied
        let dead = try await TopicReader.read(
            resolver.cluster.topic("cdp.dead-letter"), cluster: resolver.cluster, atLeast: 2)
        let reasons = dead.compactMap { $0.header(DeadLetterHeaders.error)?.stringValue }
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.contains("attributes.shoe_size") && $0.contains("not a defined attribute") })
        #expect(
            reasons.contains {
                $0.contains("attributes.member_points") && $0.contains("'many'") && $0.contains("must be number")
            })
        #expect(try resolver.contact("email", "u1@example.com") == nil)
        #expect(try resolver.contact("email", "u4@example.com")?.attributes["shoe_size"] == .int(42))
        let metadata = try await TopicReader.read(
            resolver.cluster.topic("cdp.metadata"), cluster: resolver.cluster, atLeast: 1)
        #expect(metadata.map(\.keyString) == ["dev/attribute/shoe_size"])
        await resolver.stop()
    }

    @Test func localPhonesTakeTheTenantsDefaultCountry() async throws {
        let resolver = try ResolverHarness()
        // Given a tenant that sets Taiwan as its country, and a settings event naming no known country
        try await resolver.apply([
            H.event("cn", minute: 1, identifiers: ["mobile": "13800000021"]),
            H.event("tw", .settings, minute: 2, identifiers: [:]) {
                $0.identifiers = nil
                $0.settings = TenantSettings(defaultCountry: "TW")
            },
            H.event("xx", .settings, minute: 3, identifiers: [:]) {
                $0.identifiers = nil
                $0.settings = TenantSettings(defaultCountry: "Atlantis")
            },
            H.event("local", minute: 4, identifiers: ["mobile": "0911223344"]),
        ])

        // Then numbers before the setting kept China, later local numbers take Taiwan's code
        #expect(try resolver.contact("mobile", "8613800000021") != nil)
        #expect(try resolver.contact("mobile", "886911223344") != nil)
        let dead = try await TopicReader.read(
            resolver.cluster.topic("cdp.dead-letter"), cluster: resolver.cluster, atLeast: 1)
        #expect(dead.count == 1)
        #expect(dead.first?.header(DeadLetterHeaders.error)?.stringValue.contains("Atlantis is not one of") == true)
        let metadata = try await TopicReader.read(
            resolver.cluster.topic("cdp.metadata"), cluster: resolver.cluster, atLeast: 1)
        #expect(metadata.map(\.keyString) == ["dev/setting/tenant"])
        await resolver.stop()
    }
}
