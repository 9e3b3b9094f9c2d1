import ArgumentParser
import Foundation
import RosterModel

/// `roster segments list`: segments with status and member count, by group.
struct SegmentsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List segments with status, member count and group.")

    @OptionGroup var common: CommonOptions

    @Option(help: "all (default), channel-unsubscribes, or a custom group's id.")
    var group: String?

    func run() async throws {
        try await common.run { output in
            let query = group.map { [(name: "group", value: $0)] } ?? []
            let list = try await SegmenterAPI.load().call("GET", "/v1/segments", query: query)
            try output.result(list) { SegmentText.list(list) }
        }
    }
}

/// `roster segments members ID`: a page of members with chosen attribute columns.
struct SegmentsMembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "List a segment's members, a page at a time.",
        discussion:
            "Prints {\"segment_id\", \"total\", \"next\", \"members\": [{\"contact_id\", \"since\", \"attributes\"}]}.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var id: String

    @Option(
        name: [.customLong("attributes"), .customLong("columns")],
        help: "Attribute columns, comma-separated (name,location,tags).")
    var attributes: String?

    @Option(help: "Members per page (at most 1000).")
    var limit: Int = 100

    @Option(help: "Start after this contact id (the previous page's next).")
    var after: String?

    func run() async throws {
        try await common.run { output in
            var query = [(name: "limit", value: String(limit))]
            if let attributes { query.append((name: "attributes", value: attributes)) }
            if let after { query.append((name: "after", value: after)) }
            let page = try await SegmenterAPI.load().call("GET", SegmenterAPI.segmentPath(id, "/members"), query: query)
            try output.result(page) {
                SegmentText.members(page, columns: attributes?.split(separator: ",").map(String.init) ?? [])
            }
        }
    }
}

/// `roster segments status ID`: computation status, version and member count.
struct SegmentsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a segment's computation status and member count.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var id: String

    func run() async throws {
        try await common.run { output in
            let status = try await SegmenterAPI.load().call("GET", SegmenterAPI.segmentPath(id, "/status"))
            try output.result(status) { TextFormat.outline(status) }
        }
    }
}

/// `roster segments estimate FILE`: how many contacts an unsaved definition would hold.
struct SegmentsEstimateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate", abstract: "Count the contacts a definition would hold, without saving it.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The definition file (- for stdin).")
    var file: String

    func run() async throws {
        try await common.run { output in
            let body = try SegmentDefinitionFile(path: file).data
            let estimate = try await SegmenterAPI.load().call("POST", "/v1/segments/estimate", json: body)
            try output.result(estimate) { TextFormat.outline(estimate) }
        }
    }
}

/// `roster segments why SEGMENT CONTACT`: each condition, whether it held, and the value seen.
struct SegmentsWhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Explain a contact's membership: each condition, held or not, and the value seen."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var segment: String

    @Argument(help: "The contact's id.")
    var contact: String

    func run() async throws {
        try await common.run { output in
            let answer = try await SegmenterAPI.load().call(
                "GET", SegmenterAPI.segmentPath(segment, "/why/" + Endpoint.encoded(contact)))
            try output.result(answer) { SegmentText.why(answer) }
        }
    }
}

/// `roster segments history ID`: member count per day and the latest entries and exits.
struct SegmentsHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show a segment's member count per day and who entered and left.",
        discussion:
            "Prints {\"days\": [{\"day\", \"members\"}], \"changes\": [{\"seq\", \"contact_id\", \"status\", ...}]}.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var id: String

    @Option(help: "Days of counts to show.")
    var days: Int = 30

    @Option(help: "Changes after this sequence number.")
    var after: Int = 0

    func run() async throws {
        try await common.run { output in
            let api = try SegmenterAPI.load()
            let counts = try await api.call(
                "GET", SegmenterAPI.segmentPath(id, "/history"), query: [(name: "days", value: String(days))])
            let changes = try await api.call(
                "GET", SegmenterAPI.segmentPath(id, "/changes"), query: [(name: "after", value: String(after))])
            let history: JSONValue = .object([
                "segment_id": .string(id), "days": Self.field(counts, "days"),
                "changes": Self.field(changes, "changes"),
            ])
            try output.result(history) { SegmentText.history(history) }
        }
    }

    private static func field(_ answer: JSONValue, _ key: String) -> JSONValue {
        if case .object(let fields) = answer { return fields[key] ?? .array([]) }
        return .array([])
    }
}
