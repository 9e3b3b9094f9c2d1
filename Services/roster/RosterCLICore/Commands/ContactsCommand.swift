import ArgumentParser
import Foundation
import RosterModel

/// `roster contacts`: the identity-resolver's read API.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Look up contacts.",
        subcommands: [ContactsGetCommand.self, ContactsCountsCommand.self])
}

/// `roster contacts get`: one contact's 360° view, by id or identifier.
struct ContactsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one contact's 360° view.",
        discussion:
            "Give exactly one of --id, --mobile, --email or --identifier. A contact that does not exist exits 1.")

    @OptionGroup var common: CommonOptions

    @Option(help: "The contact's id.")
    var id: String?

    @Option(help: "The contact's mobile number, in any format the resolver normalizes.")
    var mobile: String?

    @Option(help: "The contact's e-mail address.")
    var email: String?

    @Option(help: "Any identifier as KIND=VALUE (wechat_openid=..., line_uid=..., member_id=...).")
    var identifier: String?

    func validate() throws {
        _ = try selector()
    }

    func run() async throws {
        try await common.run { output in
            let profile = try Profile.load()
            let client = APIClient(token: try profile.requireToken())
            let url = try selector().url(identityURL: try profile.url(of: .identityResolver))
            let contact = try await client.json("GET", url)
            try output.result(contact) { TextFormat.outline(contact) }
        }
    }

    private func selector() throws -> ContactSelector {
        try ContactSelector(id: id, mobile: mobile, email: email, identifier: identifier)
    }
}

/// `roster contacts counts`: how many contacts each category holds.
struct ContactsCountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts", abstract: "Count contacts per category (all, real-name, anonymous, WeChat fans).")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.run { output in
            let profile = try Profile.load()
            let client = APIClient(token: try profile.requireToken())
            let url = try Endpoint.url(try profile.url(of: .identityResolver), path: "/v1/contacts/counts")
            let counts = try await client.json("GET", url)
            try output.result(counts) { TextFormat.outline(counts) }
        }
    }
}
