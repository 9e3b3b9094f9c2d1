import ArgumentParser
import Foundation

/// `roster`: the operator's and scripts' way into the platform.
public struct RosterCommand: AsyncParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Work with the Roster customer data platform from the command line.",
        discussion: """
            Worker URLs and the token come from ROSTER_TOKEN, ROSTER_TENANT, ROSTER_INGEST_URL, ROSTER_IDENTITY_URL, \
            ROSTER_SEGMENTER_URL, ROSTER_SOCIAL_URL and ROSTER_EXPORTER_URL, or else from the dev profile that \
            `make run` writes (.data/dev.env, in $ROSTER_DATA_DIR or the nearest .data folder here or above).

            With --json every command prints exactly one JSON document on stdout, and on failure the error \
            {"error": {"code", "message", "details"}}. Exit status: 0 success, 1 failure, 3 a worker is not ready \
            (status), 64 usage error.
            """,
        subcommands: [
            StatusCommand.self, EventsCommand.self, ContactsCommand.self, MetadataCommand.self, ImportCommand.self,
            SegmentsCommand.self,
            ExportCommand.self,
            SocialCommand.self,
        ])

    /// Makes the root command.
    public init() {}

    /// Runs the process's command line. Unlike the default `main`, a usage error under `--json` prints the error
    /// JSON on stdout, so that scripts read one shape for every failure.
    public static func main() async {
        await main(arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Runs the given arguments (without the program name); exits the process on failure.
    public static func main(arguments: [String]) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            if arguments.contains("--json"), status != .success, !(error is ExitCode) {
                Output(json: true).failure(
                    RosterCLIError(code: .usage, message: message(for: error), exitCode: status.rawValue))
                Foundation.exit(status.rawValue)
            }
            exit(withError: error)
        }
    }
}
