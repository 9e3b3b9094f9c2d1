import ArgumentParser
import Foundation
import RosterModel

/// `roster contacts`: the identity-resolver's contacts — look-ups, lists, merges, timelines, deletes and tags.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Look up, search and change contacts.",
        subcommands: [
            ContactsGetCommand.self, ContactsSearchCommand.self, ContactsListCommand.self, ContactsCountsCommand.self,
            ContactsWhyCommand.self, ContactsTimelineCommand.self, ContactsTagCommand.self, ContactsDeleteCommand.self,
        ])
}

/// `roster contacts get`: one contact's 360° view, by id or identifier.
struct ContactsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one contact's 360° view.",
        discussion: """
            Give exactly one of --id, --mobile, --email or --identifier. Shows identifiers, attributes, tags, \
            subscriptions, merges, flags and the latest timeline entries; --json prints the resolver's answer as it \
            is. A contact that does not exist exits 1.
            """)

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
            let api = try IdentityAPI.load()
            let contact = try await api.client.json("GET", try selector().url(identityURL: api.baseURL))
            try output.result(contact) { AnswerReading.text(contact, as: ContactView.self) { $0.text } }
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
            let counts = try await IdentityAPI.load().call("GET", "/v1/contacts/counts")
            try output.result(counts) { TextFormat.outline(counts) }
        }
    }
}
