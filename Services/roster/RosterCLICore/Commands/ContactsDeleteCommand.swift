import ArgumentParser

/// `roster contacts delete ID`: deletes a contact, after a confirmation unless `--yes`.
struct ContactsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a contact.",
        discussion: """
            Publishes a delete event; the contact is gone once the resolver has applied it. Asks for confirmation \
            on stderr unless --yes is given; without a terminal, --yes is required. Prints {"event_id"}.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The contact's id.")
    var id: String

    @Flag(help: "Delete without asking.")
    var yes = false

    func run() async throws {
        try await common.run { output in
            let api = try IdentityAPI.load()
            try Confirmation.require(
                yes: yes, action: "delete contact \(id)", isTerminal: Confirmation.standardInputIsTerminal,
                ask: Confirmation.askAtTerminal)
            let accepted = try await api.call("DELETE", IdentityAPI.contactPath(id))
            try output.result(accepted) {
                AnswerReading.text(accepted, as: AcceptedEvent.self) { $0.text("delete of \(id)") }
            }
        }
    }
}
