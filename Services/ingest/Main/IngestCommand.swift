import ArgumentParser
import IngestCore
import RosterRuntime

/// `ingest`: turns uploads and HTTP calls into contact events.
@main
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Ingest.name, abstract: "Turns files and HTTP calls into contact events.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerMain.run(Ingest.self, options: options)
    }
}
