import Foundation
import RosterCLICore
import Testing

@Suite("Readable contacts, merges, timelines and metadata")
struct ContactTextTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(json.utf8))
    }

    @Test func mergeLineNamesBothContactsTheIdentifierTheEventAndTheTime() {
        let merge = Merge(
            survivorId: "c_y", mergedId: "c_x", joinedByKind: "email", joinedByValue: "a@b.c", eventId: "e",
            mergedAt: "t")

        #expect(merge.line == "merged c_x into c_y via email a@b.c (event e, at t)")
    }

    @Test func whyPrintsOneLineAMergeOrSaysThereAreNone() throws {
        let merges = try decode(
            ContactMerges.self,
            #"{"contact_id":"c_1","merges":[{"survivor_id":"c_1","merged_id":"c_2","joined_by_kind":"mobile","#
                + #""joined_by_value":"+8613800000000","event_id":"e1","merged_at":"2024-05-02T10:00:00Z"},"#
                + #"{"survivor_id":"c_1","merged_id":"c_3","joined_by_kind":"email","joined_by_value":"a@b.c","#
                + #""event_id":"e2","merged_at":"2024-05-03T10:00:00Z"}]}"#)
        let none = try decode(ContactMerges.self, #"{"contact_id":"c_9","merges":[]}"#)

        #expect(
            merges.text
                == "merged c_2 into c_1 via mobile +8613800000000 (event e1, at 2024-05-02T10:00:00Z)\n"
                + "merged c_3 into c_1 via email a@b.c (event e2, at 2024-05-03T10:00:00Z)")
        #expect(none.text == "c_9 has no merges")
    }

    @Test func flagLineNamesTheOtherContactWhenThereIsOne() {
        let skipped = ContactFlag(
            reason: "merge_skipped_limit", kind: "email", value: "a@b.c", eventId: "e", at: "t", otherContactId: "c_9")
        let blocked = ContactFlag(reason: "blocked_identifier", kind: "mobile", value: "+1", eventId: "e", at: "t")

        #expect(skipped.line == "merge_skipped_limit: email a@b.c, other contact c_9 (event e, at t)")
        #expect(blocked.line == "blocked_identifier: mobile +1 (event e, at t)")
    }

    @Test func searchTableShowsIdMobileEmailNameTagsAndTheTotal() throws {
        // Given a page of two contacts out of 134, one with two mobiles
        let page = try decode(
            ContactPage.self,
            #"{"total":134,"page":1,"page_size":2,"contacts":["#
                + #"{"contact_id":"c_1","identifiers":{"mobile":["+861","+862"],"email":["a@b.c"]},"#
                + #""attributes":{"name":"Ann","member_points":120},"tags":["vip","new"]},"#
                + #"{"contact_id":"c_2","identifiers":{},"attributes":{},"tags":[]}]}"#)

        // When it is shown with an extra column
        let text = page.table(columns: ["name", "member_points"])

        // Then each contact is a row, missing values are "-", and the last line is "N of TOTAL"
        #expect(
            text == """
                CONTACT ID  MOBILE     EMAIL  NAME  MEMBER_POINTS  TAGS
                c_1         +861 (+1)  a@b.c  Ann   120            vip, new
                c_2         -          -      -     -

                2 of 134 contacts (page 1 of 67)
                """)
    }

    @Test func singlePageSummaryHasNoPageNumber() {
        #expect(
            TextFormat.pageSummary(count: 3, total: 3, page: 1, pageSize: 50, noun: "contacts") == "3 of 3 contacts")
        #expect(
            TextFormat.pageSummary(count: 0, total: 3, page: 2, pageSize: 50, noun: "entries")
                == "0 of 3 entries (page 2 of 2)")
    }

    @Test func timelineTableShowsPropertiesSortedOnOneLine() throws {
        let timeline = try decode(
            ContactTimeline.self,
            #"{"contact_id":"c_1","total":1,"page":1,"page_size":50,"entries":[{"entry_id":"t1","event":"purchase","#
                + #""properties":{"sku":"A-1","amount":12.5,"items":["x","y"],"extra":{"k":1},"gift":null},"#
                + #""occurred_at":"2024-05-03T09:30:00Z"}]}"#)

        #expect(
            timeline.table == """
                OCCURRED AT           EVENT     SOURCE  PROPERTIES
                2024-05-03T09:30:00Z  purchase  -       amount=12.5, extra={"k":1}, gift=-, items=x, y, sku=A-1

                1 of 1 entries
                """)
    }

    @Test func contactViewShowsEverySectionOfThe360View() throws {
        // Given the resolver's view of a contact with a merge, a flag and 2 of 42 timeline entries
        let view = try decode(
            ContactView.self,
            #"{"contact_id":"c_1","identifiers":{"mobile":["+861","+862"],"email":["a@b.c"]},"#
                + #""attributes":{"name":"Ann","points":3},"tags":["vip"],"#
                + #""subscriptions":{"global":true,"email":true,"mobile":false},"#
                + #""created_at":"2024-05-01T00:00:00Z","updated_at":"2024-05-03T00:00:00Z","#
                + #""merges":[{"survivor_id":"c_1","merged_id":"c_7","joined_by_kind":"email","#
                + #""joined_by_value":"a@b.c","event_id":"e1","merged_at":"2024-05-02T00:00:00Z"}],"#
                + #""flags":[{"reason":"identifier_limit","kind":"email","value":"f@g.h","event_id":"e2","#
                + #""at":"2024-05-02T01:00:00Z"}],"#
                + #""timeline":[{"entry_id":"t1","event":"visit","properties":{},"occurred_at":"2024-05-03T00:00:00Z","#
                + #""source":"http"}],"timeline_total":42}"#)

        // When it is shown, then every part of it is there, in order
        #expect(
            view.text == """
                contact c_1
                created: 2024-05-01T00:00:00Z
                updated: 2024-05-03T00:00:00Z
                identifiers:
                  email: a@b.c
                  mobile: +861, +862
                attributes:
                  name: Ann
                  points: 3
                tags: vip
                subscriptions: global on, email on, mobile off
                merges:
                  merged c_7 into c_1 via email a@b.c (event e1, at 2024-05-02T00:00:00Z)
                flags:
                  identifier_limit: email f@g.h (event e2, at 2024-05-02T01:00:00Z)
                timeline (latest 1 of 42):
                  OCCURRED AT           EVENT  SOURCE  PROPERTIES
                  2024-05-03T00:00:00Z  visit  http
                  (all of it: roster contacts timeline c_1)
                """)
    }

    @Test func emptySectionsSayNone() throws {
        let view = try decode(
            ContactView.self,
            #"{"contact_id":"c_2","identifiers":{},"attributes":{},"tags":[],"#
                + #""subscriptions":{"global":false,"email":true,"mobile":true},"created_at":"a","updated_at":"b","#
                + #""merges":[],"flags":[],"timeline":[],"timeline_total":0}"#)

        #expect(
            view.text == """
                contact c_2
                created: a
                updated: b
                identifiers: (none)
                attributes: (none)
                tags: (none)
                subscriptions: global off, email on, mobile on
                merges: (none)
                flags: (none)
                timeline: (none)
                """)
    }

    @Test func metadataTablesListDefinitions() throws {
        let attributes = try decode(
            AttributeCatalog.self,
            #"{"attributes":[{"key":"email","label":"Email","type":"text","primary_key":true},"#
                + #"{"key":"level","label":"Level","type":"enum","options":["gold","silver"]}]}"#)
        let events = try decode(
            EventCatalog.self,
            #"{"events":[{"key":"purchase","label":"Purchase","properties":{"sku":"text","amount":"number"}},"#
                + #"{"key":"visit","label":"Visit"}]}"#)

        #expect(
            attributes.table == """
                KEY    LABEL  TYPE  PRIMARY KEY  OPTIONS
                email  Email  text  yes
                level  Level  enum               gold, silver

                2 attributes
                """)
        #expect(
            events.table == """
                KEY       LABEL     PROPERTIES
                purchase  Purchase  amount: number, sku: text
                visit     Visit

                2 events
                """)
    }

    @Test func acceptedWriteNamesItsEvent() throws {
        let answer = try decode(AcceptedEvent.self, #"{"event_id":"e"}"#)

        #expect(answer.text("delete of c_1") == "delete of c_1 accepted as event e")
    }
}
