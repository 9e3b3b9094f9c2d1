import ArgumentParser
import RosterRuntime
import SocialSyncCore

/// `social-sync`: keeps channel contacts in step with unified contacts.
@main
struct SocialSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SocialSync.name, abstract: "Keeps social-channel contacts in step with the unified profile.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerMain.run(SocialSync.self, options: options)
    }
}
