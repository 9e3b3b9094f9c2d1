import ArgumentParser
import Foundation
import RosterModel

/// `roster social`: the channel contacts social-sync keeps (LINE, Facebook, Instagram, WhatsApp, WeChat).
struct SocialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "social", abstract: "Work with messaging-channel contacts.",
        subcommands: [
            SocialContactsCommand.self, SocialCountsCommand.self, SocialSearchCommand.self, SocialImportCommand.self,
            SocialTestListCommand.self, SocialExportCommand.self,
        ])
}

/// The `--channel` option every `social` command takes.
struct SocialChannelOption: ParsableArguments {
    @Option(help: "line, facebook, instagram, whatsapp or wechat.")
    var channel: String

    /// The channel with conditions, checked.
    func query(_ conditions: [String] = []) throws -> SocialQuery {
        try SocialQuery(channel: channel, conditions: conditions)
    }
}

/// `roster social counts`: effective (subscribed) and total contacts of a channel, or of every channel.
struct SocialCountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Count a channel's effective (subscribed) and total contacts; every channel's without --channel.")

    @OptionGroup var common: CommonOptions

    @Option(help: "line, facebook, instagram, whatsapp or wechat; every channel when left out.")
    var channel: String?

    func validate() throws {
        _ = try CommonOptions.validating { try channel.map { try SocialQuery(channel: $0, conditions: []) } }
    }

    func run() async throws {
        try await common.run { output in
            let api = try SocialAPI.load()
            if let channel {
                let counts = try await api.call(
                    "GET", "/v1/social/counts", query: try SocialQuery(channel: channel, conditions: []).items)
                try output.result(counts) { TextFormat.outline(counts) }
                return
            }
            let all = try await SocialChannelCounts.everyChannel { channel in
                try await api.call("GET", "/v1/social/counts", query: [("channel", channel)])
            }
            try output.result(all) { SocialChannelCounts.table(all) }
        }
    }
}

/// What `roster social counts` prints without `--channel`: every channel's counts.
public enum SocialChannelCounts {
    /// `{"channels": [...]}`: the counts `fetch` answers for each channel, in `SocialQuery.channels` order.
    public static func everyChannel(_ fetch: (String) async throws -> JSONValue) async rethrows -> JSONValue {
        var rows: [JSONValue] = []
        for channel in SocialQuery.channels { rows.append(try await fetch(channel)) }
        return .object(["channels": .array(rows)])
    }

    /// The text form: a `CHANNEL  EFFECTIVE  TOTAL` table, one line per channel.
    public static func table(_ all: JSONValue) -> String {
        guard case .object(let document) = all, case .array(let rows)? = document["channels"] else { return "" }
        return TextFormat.table(
            ["CHANNEL", "EFFECTIVE", "TOTAL"],
            rows.map { row in
                guard case .object(let fields) = row else { return [] }
                return ["channel", "effective", "total"].map { TextFormat.cell(fields[$0] ?? .null) }
            })
    }
}

/// `roster social contacts`: a page of a channel's contacts, or one contact with `--id`.
struct SocialContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "List a channel's contacts, or show one with --id.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var channel: SocialChannelOption

    @Option(help: "Show this channel user id's contact with exactly its channel's fields.")
    var id: String?

    @Option(help: "The page, from 1.")
    var page = 1

    @Option(help: "Contacts per page, 1 to 1000.")
    var pageSize = 50

    func validate() throws { _ = try CommonOptions.validating { try channel.query() } }

    func run() async throws {
        try await common.run { output in
            let query = try channel.query()
            let api = try SocialAPI.load()
            let answer: JSONValue =
                if let id {
                    try await api.call("GET", "/v1/social/contacts/\(query.channel)/\(Endpoint.encoded(id))")
                } else {
                    try await api.call(
                        "GET", "/v1/social/contacts",
                        query: query.items + [("page", String(page)), ("page_size", String(pageSize))])
                }
            try output.result(answer) { SocialText.contacts(answer) }
        }
    }
}

/// `roster social search`: a channel's contacts matching every condition.
struct SocialSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search a channel's contacts; conditions are ANDed.",
        discussion: """
            Each --where KEY=VALUE narrows the result: display_name=NAME, tag=T, no_tag=T, has=FIELD, missing=FIELD \
            (member_id, phone, email, contact_id, attribute.KEY), those fields =VALUE (email=a@b.com, \
            phone=886911223344, attribute.level=gold), subscribed_at=FROM..TO (also \
            customer_last_interaction_at, team_last_marketing_at, team_last_interaction_at, last_checkout_at; dates \
            or RFC 3339 times), subscribed=true, social_bound=false, recurring_notification=true, over_quota=true, \
            omo_bound=true, teammate=ID, store=CODE. Prints {"channel", "total", "page", "page_size", "contacts"}.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var channel: SocialChannelOption

    @Option(name: .customLong("where"), help: "KEY=VALUE condition (repeatable).")
    var conditions: [String] = []

    @Option(help: "The page, from 1.")
    var page = 1

    @Option(help: "Contacts per page, 1 to 1000.")
    var pageSize = 50

    func validate() throws { _ = try CommonOptions.validating { try channel.query(conditions) } }

    func run() async throws {
        try await common.run { output in
            let query = try channel.query(conditions)
            let answer = try await SocialAPI.load().call(
                "GET", "/v1/social/contacts",
                query: query.items + [("page", String(page)), ("page_size", String(pageSize))])
            try output.result(answer) { SocialText.contacts(answer) }
        }
    }
}

/// `roster social export`: a channel's user ids (all, or a search's) as CSV, for ad-audience uploads.
struct SocialExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a channel's user ids as CSV, all or those a search finds.",
        discussion: """
            Writes the CSV to -o FILE, or to stdout. With --json prints {"channel", "count", "file"} (file when -o \
            is given) or {"channel", "count", "user_ids"}.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var channel: SocialChannelOption

    @Option(name: .customLong("where"), help: "KEY=VALUE condition, as for search (repeatable).")
    var conditions: [String] = []

    @Option(name: .shortAndLong, help: "The file to write.")
    var output: String?

    func validate() throws { _ = try CommonOptions.validating { try channel.query(conditions) } }

    func run() async throws {
        try await common.run { out in
            let query = try channel.query(conditions)
            let csv = try await SocialAPI.load().text("/v1/social/export", query: query.items)
            let ids = SocialText.userIDs(csv)
            if let output {
                do {
                    try Data(csv.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    throw RosterCLIError(
                        code: .unreadableFile, message: "cannot write \(output): \(error.localizedDescription)")
                }
                let summary = JSONValue.object([
                    "channel": .string(query.channel), "count": .int(Int64(ids.count)), "file": .string(output),
                ])
                try out.result(summary) { "\(TextFormat.count(ids.count, "user id")) written to \(output)" }
            } else {
                let summary = JSONValue.object([
                    "channel": .string(query.channel), "count": .int(Int64(ids.count)),
                    "user_ids": .array(ids.map(JSONValue.string)),
                ])
                try out.result(summary) { csv }
            }
        }
    }
}

/// `roster social test-list`: a channel's test list; `--add` or `--remove` changes it.
struct SocialTestListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-list", abstract: "Show a channel's test list, or add or remove a contact.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var channel: SocialChannelOption

    @Option(help: "Put this channel user id on the test list.")
    var add: String?

    @Option(help: "Take this channel user id off the test list.")
    var remove: String?

    func validate() throws {
        _ = try CommonOptions.validating { try channel.query() }
        if add != nil && remove != nil { throw RosterCLIError.usage("give --add or --remove, not both") }
    }

    func run() async throws {
        try await common.run { output in
            let query = try channel.query()
            let api = try SocialAPI.load()
            if let add {
                _ = try await api.call(
                    "POST", "/v1/social/test-list",
                    json: try JSONEncoder().encode(["channel": query.channel, "channel_user_id": add]))
            }
            if let remove {
                _ = try await api.call("DELETE", "/v1/social/test-list/\(query.channel)/\(Endpoint.encoded(remove))")
            }
            let list = try await api.call("GET", "/v1/social/test-list", query: query.items)
            try output.result(list) { SocialText.contacts(list) }
        }
    }
}
