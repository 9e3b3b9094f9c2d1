import ArgumentParser
import Foundation
import RosterModel

/// `roster social import FILE --channel C`: validates a CSV of one channel's user ids and, confirmed, imports it.
struct SocialImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Validate and import a CSV of a channel's user ids.",
        discussion: """
            The file is CSV (UTF-8, UTF-16, GB18030/GBK or Big5, detected unless --encoding) with the channel's user id column (LINE UID, FB PSID, IG SID, WhatsApp Phone, \
            WeChat OpenID) and optional Name, Member ID, Email, Phone (international digits, no + or trunk 0), Tags, \
            Binding Teammate + Store Location Code, and attribute columns. It is validated first: every problem is \
            printed with its row, column and reason and nothing is imported (exit 1; with --json the error JSON, one \
            detail per problem). --validate-only stops there and prints {"channel", "total", "valid", "warnings"}. \
            Otherwise, with --yes (or confirmed at a terminal) the job is queued and followed with progress on \
            stderr, and the settled job is printed; --detach returns once it is queued.
            """)

    /// How often the job is asked for its progress.
    static let pollInterval: Duration = .milliseconds(500)

    @OptionGroup var common: CommonOptions
    @OptionGroup var channel: SocialChannelOption

    @Argument(help: "A .csv file.")
    var file: String

    @Option(help: "The file's encoding (utf-8, utf-16le, utf-16be, gb18030, big5); detected when left out.")
    var encoding: String?

    @Flag(help: "Only validate: list every error and warning, import nothing.")
    var validateOnly = false

    @Flag(help: "A row's tags replace all of the contact's tags (otherwise they are added).")
    var overwriteTags = false

    @Flag(help: "Import without asking.")
    var yes = false

    @Flag(help: "Return once the job is queued instead of following it.")
    var detach = false

    func validate() throws { _ = try CommonOptions.validating { try channel.query() } }

    func run() async throws {
        try await common.run { output in
            let query = try channel.query()
            let api = try SocialAPI.load()
            let base =
                query.items + [("file_name", (file as NSString).lastPathComponent)]
                + (encoding.map { [("encoding", $0)] } ?? [])
            let report = try await api.upload(file: file, query: base + [("validate_only", "true")])
            if validateOnly {
                try output.result(report) { TextFormat.outline(report) }
                return
            }
            guard case .object(let fields) = report else { return }
            let valid = Int(fields["valid"]?.text ?? "") ?? 0
            output.progress("\(file): \(TextFormat.count(valid, "row")) valid")
            if case .array(let warnings)? = fields["warnings"] {
                for warning in warnings {
                    guard case .object(let detail) = warning else { continue }
                    output.progress(
                        "warning: row \(detail["row"]?.text ?? "?") \(detail["field"]?.text ?? ""): \(detail["reason"]?.text ?? "")"
                    )
                }
            }
            try Confirmation.require(
                yes: yes, action: "import \(TextFormat.count(valid, "\(query.channel) contact")) from \(file)",
                isTerminal: Confirmation.standardInputIsTerminal, ask: Confirmation.askAtTerminal)
            let started = try await api.upload(file: file, query: base + [("overwrite_tags", String(overwriteTags))])
            guard case .object(let answer) = started, var job = answer["job"],
                case .object(let jobFields) = job, let id = jobFields["job_id"]?.text
            else {
                throw RosterCLIError(
                    code: .unexpectedResponse, message: "social-sync answered the upload without a job")
            }
            while !detach, !Self.isSettled(job) {
                output.progress(SocialText.progress(job))
                try await Task.sleep(for: Self.pollInterval)
                job = try await api.call("GET", "/v1/social/imports/\(Endpoint.encoded(id))")
            }
            if case .object(let settled) = job, ["failed", "cancelled"].contains(settled["status"]?.text ?? "") {
                throw RosterCLIError(
                    code: .failed,
                    message: "import \(id) \(settled["status"]?.text ?? ""): \(settled["error"]?.text ?? "")")
            }
            if !detach { output.progress(SocialText.progress(job)) }
            try output.result(job) { TextFormat.outline(job) }
        }
    }

    /// Whether a job is completed, failed or cancelled.
    static func isSettled(_ job: JSONValue) -> Bool {
        guard case .object(let fields) = job else { return true }
        return ["completed", "failed", "cancelled"].contains(fields["status"]?.text ?? "")
    }
}
