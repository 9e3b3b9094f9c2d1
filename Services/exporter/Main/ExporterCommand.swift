import ArgumentParser
import ExporterCore
import RosterRuntime

/// `exporter`: turns export requests into files.
@main
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Exporter.name, abstract: "Exports segments and contact lists as CSV or Excel files.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerMain.run(Exporter.self, options: options)
    }
}
