import ArgumentParser
import RosterRuntime
import SegmenterCore

/// `segmenter`: computes segment membership.
@main
struct SegmenterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Segmenter.name, abstract: "Groups contacts into segments and publishes who enters and leaves.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerMain.run(Segmenter.self, options: options)
    }
}
