import ArgumentParser

/// `roster contacts why ID`: which contacts were merged into this one, and by which identifier.
struct ContactsWhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Show which contacts were merged into a contact, and why.",
        discussion: """
            Prints {"contact_id", "merges": [{"survivor_id", "merged_id", "joined_by_kind", "joined_by_value", \
            "event_id", "merged_at"}]}, or one line a merge.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The contact's id.")
    var id: String

    func run() async throws {
        try await common.run { output in
            let merges = try await IdentityAPI.load().call("GET", IdentityAPI.contactPath(id, "/why"))
            try output.result(merges) { AnswerReading.text(merges, as: ContactMerges.self) { $0.text } }
        }
    }
}
