import ArgumentParser

/// `roster events`: contact events over HTTP, for systems without Kafka.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Publish contact events.", subcommands: [EventsPublishCommand.self])
}

/// `roster events publish FILE.jsonl`: posts the file's events to ingest and prints what it accepted.
struct EventsPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish contact events from a JSON Lines file.",
        discussion: """
            Each non-blank line is one contact event as a JSON object. Events go to ingest's POST /v1/events in \
            chunks of \(EventPublisher.chunkSize); prints {"accepted", "event_ids"}.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "A JSON Lines file of contact events, or - for standard input.")
    var file: String

    func run() async throws {
        try await common.run { output in
            let lines = try JSONLReader.read(path: file)
            let profile = try Profile.load()
            let publisher = EventPublisher(
                client: APIClient(token: try profile.requireToken()), ingestURL: try profile.url(of: .ingest))
            let accepted = try await publisher.publish(lines) { sent, total in
                if total > EventPublisher.chunkSize { output.progress("sent \(sent) of \(total) events") }
            }
            try output.result(accepted) { "accepted \(TextFormat.count(accepted.accepted, "event"))" }
        }
    }
}
