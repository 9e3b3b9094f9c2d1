import ArgumentParser
import IdentityCore
import RosterRuntime

/// `identity-resolver`: the single writer of contacts.
@main
struct IdentityResolverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: IdentityResolver.name, abstract: "Resolves contact events into unified contacts.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerMain.run(IdentityResolver.self, options: options)
    }
}
