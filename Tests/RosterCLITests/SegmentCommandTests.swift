import ArgumentParser
import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("The segments commands: definition files, arguments and readable answers")
struct SegmentCommandTests {
    @Test func definitionFileIsSentAsWrittenWithTheChosenGroup() throws {
        // Given DESIGN.md's shape in a file
        let json =
            #"{"name": "VIP", "type": "standard", "clusters": [{"join": "and", "conditions": [{"attribute": "tags", "op": "has_tag", "value": "vip"}]}]}"#

        // When it is read with a group
        let file = try SegmentDefinitionFile(data: Data(json.utf8), source: "vip.json", group: "grp-1")

        // Then the body is the definition plus group_id, keys sorted
        #expect(
            String(decoding: try file.data, as: UTF8.self)
                == #"{"clusters":[{"conditions":[{"attribute":"tags","op":"has_tag","value":"vip"}],"join":"and"}],"#
                + #""group_id":"grp-1","name":"VIP","type":"standard"}"#)
    }

    @Test func fileThatIsNotAJSONObjectIsAnErrorNamingIt() {
        let notJSON = #expect(throws: RosterCLIError.self) {
            try SegmentDefinitionFile(data: Data("[1, 2]".utf8), source: "list.json")
        }
        #expect(notJSON?.code == .invalidFile)
        #expect(notJSON?.details.first?.value == "list.json")
        let missing = #expect(throws: RosterCLIError.self) {
            try SegmentDefinitionFile(path: "/nonexistent/segment.json")
        }
        #expect(missing?.code == .unreadableFile)
    }

    @Test func everySubcommandParses() throws {
        for arguments in [
            ["segments", "create", "def.json", "--group", "g", "--json"], ["segments", "edit", "s1", "def.json"],
            ["segments", "copy", "s1"], ["segments", "delete", "s1", "s2"], ["segments", "list", "--group", "g"],
            ["segments", "members", "s1", "--attributes", "name,location", "--limit", "10"],
            ["segments", "members", "s1", "--columns", "name"], ["contacts", "list", "--attributes", "name"],
            ["segments", "status", "s1"], ["segments", "estimate", "def.json"], ["segments", "why", "s1", "c1"],
            ["segments", "history", "s1", "--days", "7"],
        ] {
            #expect(throws: Never.self, "\(arguments)") { _ = try RosterCommand.parseAsRoot(arguments) }
        }
    }

    @Test func whyPrintsEachConditionWithItsMarkAndValue() {
        // Given the segmenter's explanation of a contact that failed the location condition
        let answer: JSONValue = .object([
            "segment_id": .string("s1"), "contact_id": .string("c2"), "member": .bool(false),
            "explanation": .object([
                "node": .string("all"), "held": .bool(false),
                "children": .array([
                    .object([
                        "node": .string("condition"), "path": .string("clusters[0].conditions[0]"),
                        "held": .bool(false), "seen": .string("Japan"),
                    ]),
                    .object([
                        "node": .string("condition"), "path": .string("clusters[1].conditions[0]"),
                        "held": .bool(true), "seen": .int(2),
                    ]),
                ]),
            ]),
        ])

        // Then one line a node, indented by depth
        #expect(
            SegmentText.why(answer)
                == """
                c2 is not a member of s1
                ✗ all
                  ✗ clusters[0].conditions[0] saw Japan
                  ✓ clusters[1].conditions[0] saw 2
                """)
    }

    @Test func membersPrintATableWithTheAskedColumnsInOrderAndTheNextPage() {
        // Given a page of two members of four, with their names and locations (one without a location)
        let answer: JSONValue = .object([
            "segment_id": .string("s1"), "total": .int(4), "next": .string("c2"),
            "members": .array([
                .object([
                    "contact_id": .string("c1"), "since": .string("2026-11-24T06:50:26Z"),
                    "attributes": .object(["name": .string("安娜"), "location": .string("China")]),
                ]),
                .object([
                    "contact_id": .string("c2"), "since": .string("2026-11-24T07:00:00Z"),
                    "attributes": .object(["name": .string("Bob")]),
                ]),
            ]),
        ])

        // Then the columns come as asked, a missing value is "-", and the summary says how to go on
        #expect(
            SegmentText.members(answer, columns: ["location", "name"])
                == """
                CONTACT ID  SINCE                 LOCATION  NAME
                c1          2026-11-24T06:50:26Z  China     安娜
                c2          2026-11-24T07:00:00Z  -         Bob

                2 of 4 members; next page: --after c2
                """)
    }

    @Test func historyPrintsTheDailyCountsAndTheChangesAsTables() {
        // Given two days of counts and one entry and one exit
        let answer: JSONValue = .object([
            "segment_id": .string("s1"),
            "days": .array([
                .object(["day": .string("2026-11-23"), "members": .int(1)]),
                .object(["day": .string("2026-11-24"), "members": .int(0)]),
            ]),
            "changes": .array([
                .object([
                    "seq": .int(8), "at": .string("2026-11-23T10:00:00Z"), "status": .string("entered"),
                    "contact_id": .string("c1"), "definition_version": .int(1),
                ]),
                .object([
                    "seq": .int(9), "at": .string("2026-11-24T10:00:00Z"), "status": .string("exited"),
                    "contact_id": .string("c1"), "definition_version": .int(2),
                ]),
            ]),
        ])

        // Then
        #expect(
            SegmentText.history(answer)
                == """
                DAY         MEMBERS
                2026-11-23  1
                2026-11-24  0

                SEQ  AT                    STATUS   CONTACT ID  VERSION
                8    2026-11-23T10:00:00Z  entered  c1          1
                9    2026-11-24T10:00:00Z  exited   c1          2
                """)
        #expect(
            SegmentText.history(.object(["days": .array([]), "changes": .array([])]))
                == "no member counts yet\n\nno entries or exits")
    }
}
