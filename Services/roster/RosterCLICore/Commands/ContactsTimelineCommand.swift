import ArgumentParser

/// `roster contacts timeline ID`: a contact's events and changes, a page at a time.
struct ContactsTimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline", abstract: "Show a contact's timeline.",
        discussion: """
            Prints {"contact_id", "total", "page", "page_size", "entries": [{"entry_id", "event", "properties", \
            "occurred_at", "source"}]}, or a table and "N of TOTAL".
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The contact's id.")
    var id: String

    @Option(help: "Only entries of this event (purchase, attribute.changed, ...).")
    var event: String?

    @OptionGroup var paging: PagingOptions

    func run() async throws {
        try await common.run { output in
            let query = (event.map { [("event", $0)] } ?? []) + (try paging.paging()).queryItems
            let timeline = try await IdentityAPI.load().call(
                "GET", IdentityAPI.contactPath(id, "/timeline"), query: query)
            try output.result(timeline) { AnswerReading.text(timeline, as: ContactTimeline.self) { $0.table } }
        }
    }
}
