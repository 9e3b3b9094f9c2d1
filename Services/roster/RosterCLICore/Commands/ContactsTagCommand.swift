import ArgumentParser

/// `roster contacts tag ID`: adds and removes a contact's tags.
struct ContactsTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Add and remove a contact's tags.",
        discussion: """
            Publishes a tags event; the change shows once the resolver has applied it. Prints {"event_id"}.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The contact's id.")
    var id: String

    @Option(help: "A tag to add (repeatable).")
    var add: [String] = []

    @Option(help: "A tag to add as hidden: kept on the contact, left out of lists (repeatable).")
    var addHidden: [String] = []

    @Option(help: "A tag to remove, visible or hidden (repeatable).")
    var remove: [String] = []

    func validate() throws {
        _ = try CommonOptions.validating { try TagChange(add: add, addHidden: addHidden, remove: remove) }
    }

    func run() async throws {
        try await common.run { output in
            let change = try TagChange(add: add, addHidden: addHidden, remove: remove)
            let accepted = try await IdentityAPI.load().call(
                "POST", IdentityAPI.contactPath(id, "/tags"), json: try change.body())
            try output.result(accepted) {
                AnswerReading.text(accepted, as: AcceptedEvent.self) {
                    $0.text("tag change on \(id) (\(change.summary))")
                }
            }
        }
    }
}
