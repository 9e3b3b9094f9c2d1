import ArgumentParser
import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("roster social counts without --channel")
struct SocialCountsCommandTests {
    /// The answer of `GET /v1/social/counts` for a channel.
    private static func counts(_ channel: String, effective: Int64, total: Int64) -> JSONValue {
        .object(["channel": .string(channel), "effective": .int(effective), "total": .int(total)])
    }

    @Test func everyChannelIsAskedForInOrderAndPrintedAsOneChannelsDocument() async throws {
        // Given social-sync's counts: LINE and WhatsApp have contacts, the other channels none
        let answers = [
            "line": Self.counts("line", effective: 2, total: 3),
            "whatsapp": Self.counts("whatsapp", effective: 1, total: 1),
        ]
        var asked: [String] = []

        // When the counts of every channel are gathered
        let all = await SocialChannelCounts.everyChannel { channel in
            asked.append(channel)
            return answers[channel] ?? Self.counts(channel, effective: 0, total: 0)
        }

        // Then each channel was asked for once, in order, and --json prints exactly one document listing all five
        #expect(asked == ["line", "facebook", "instagram", "whatsapp", "wechat"])
        #expect(
            try Output.encode(all)
                == #"{"channels":[{"channel":"line","effective":2,"total":3},"#
                + #"{"channel":"facebook","effective":0,"total":0},{"channel":"instagram","effective":0,"total":0},"#
                + #"{"channel":"whatsapp","effective":1,"total":1},{"channel":"wechat","effective":0,"total":0}]}"#)
        #expect(
            SocialChannelCounts.table(all) == """
                CHANNEL    EFFECTIVE  TOTAL
                line       2          3
                facebook   0          0
                instagram  0          0
                whatsapp   1          1
                wechat     0          0
                """)
    }

    @Test func theChannelOptionMayBeLeftOutButNotMisspelled() throws {
        // Given the command with and without a channel, and with an unknown one
        let every = try RosterCommand.parseAsRoot(["social", "counts", "--json"])
        let line = try RosterCommand.parseAsRoot(["social", "counts", "--channel", "line", "--json"])

        // Then the first two parse, and the unknown channel is refused
        #expect(String(describing: type(of: every)) == "SocialCountsCommand")
        #expect(String(describing: type(of: line)) == "SocialCountsCommand")
        #expect(throws: (any Error).self) { try RosterCommand.parseAsRoot(["social", "counts", "--channel", "sms"]) }
    }
}
