import ArgumentParser
import ExporterCore
import Foundation
import RosterRuntime

/// `exporter`: turns export requests into files.
@main
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Exporter.name, abstract: "Exports segments and contact lists as CSV or Excel files.")

    @OptionGroup var options: WorkerOptions

    @Option(help: "Hours a finished export file is kept (env ROSTER_EXPORT_RETENTION_HOURS, default 168).")
    var exportRetentionHours: Int?

    func run() async throws {
        let config = try options.resolve(name: Exporter.name, defaultPort: Exporter.defaultPort)
        let logger = WorkerLogging.bootstrap(worker: Exporter.name, level: config.logLevel)
        let hours =
            exportRetentionHours ?? ProcessInfo.processInfo.environment["ROSTER_EXPORT_RETENTION_HOURS"].flatMap(
                Int.init)
            ?? 168
        try await Exporter.run(
            config: config, logger: logger, settings: ExporterSettings(retention: .seconds(hours * 3600)))
    }
}
