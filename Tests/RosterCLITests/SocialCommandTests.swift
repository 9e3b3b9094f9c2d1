import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("Arguments and output of the social commands")
struct SocialCommandTests {
    @Test func queryItemsAreTheChannelThenEveryConditionInOrder() throws {
        // Given a channel and three conditions, one whose value holds '='
        let query = try SocialQuery(
            channel: "line", conditions: ["tag=vip", "subscribed=true", "display_name=a=b"])

        // Then the items keep them in order, split at the first '='
        #expect(
            query.items.map { "\($0.name)|\($0.value)" } == [
                "channel|line", "tag|vip", "subscribed|true", "display_name|a=b",
            ])
    }

    @Test func anUnknownChannelOrAConditionWithoutEqualsIsAUsageError() {
        // Given a wrong channel and a malformed condition
        let channel = #expect(throws: RosterCLIError.self) { try SocialQuery(channel: "telegram", conditions: []) }
        let condition = #expect(throws: RosterCLIError.self) { try SocialQuery(channel: "line", conditions: ["vip"]) }

        // Then each is a usage error naming the option and the value
        #expect(channel?.exitCode == 64)
        #expect(channel?.details.first?.field == "--channel" && channel?.details.first?.value == "telegram")
        #expect(condition?.details.first?.field == "--where" && condition?.details.first?.reason == "must be KEY=VALUE")
    }

    @Test func exportedUserIDsLeaveOutTheHeader() {
        // Given an id export as social-sync sends it
        let csv = "LINE UID\r\nU1\r\nU2\r\n"

        // Then exactly the two ids are read
        #expect(SocialText.userIDs(csv) == ["U1", "U2"])
    }

    @Test func aContactPageReadsAsOneLinePerContactAndACount() {
        // Given a page of one contact
        let page = JSONValue.object([
            "total": .int(3),
            "contacts": .array([
                .object([
                    "channel_user_id": .string("U1"), "display_name": .string("Ada"), "subscribed": .bool(true),
                    "tags": .array([.string("vip"), .string("new")]),
                ])
            ]),
        ])

        // Then a table shows its id, name, state, unified contact (not linked yet) and tags, and "1 of 3 contacts"
        #expect(
            SocialText.contacts(page)
                == """
                USER ID  NAME  SUBSCRIPTION  CONTACT ID  TAGS
                U1       Ada   subscribed    -           vip, new

                1 of 3 contacts
                """)
        // And a list without a total (a test list) counts its one contact in the singular
        let list = JSONValue.object(["contacts": .array([.object(["channel_user_id": .string("U1")])])])
        #expect(SocialText.contacts(list).hasSuffix("\n\n1 contact"))
    }

    @Test func importValidationErrorsPrintEveryRowColumnAndReason() {
        // Given the error social-sync answers for a file with two bad rows
        let error = RosterCLIError(
            code: .invalidFile, message: "2 problems in the file; nothing was imported: fix them and upload again",
            details: [
                .init(row: 3, field: "Phone", value: "0911223344", reason: "starts with a trunk 0"),
                .init(row: 5, field: "LINE UID", value: "", reason: "is required on every row"),
            ])

        // Then the text names both
        #expect(
            Output.text(of: error) == """
                Error: 2 problems in the file; nothing was imported: fix them and upload again
                  row 3 Phone "0911223344": starts with a trunk 0
                  row 5 LINE UID "": is required on every row
                """)
    }
}
