import ArgumentParser
import Foundation
import RosterModel

/// `roster export`: a segment, a contact category or a search as a CSV or Excel file, through the exporter.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a segment, a category or a search as a CSV or Excel file.",
        discussion: """
            Requests the export, shows its progress on stderr, and downloads the file to --output. CSV is UTF-8 with \
            a byte-order mark; text that a spreadsheet would run as a formula starts with '. XLSX keeps numbers as \
            numbers, dates as dates and phones as text. Prints the job with "file"; a failed export exits 1.
            """,
        subcommands: [ExportSegmentCommand.self, ExportCategoryCommand.self, ExportSearchCommand.self])
}

/// `roster export segment ID`: the segment's current members.
struct ExportSegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Export the current members of a segment.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var segment: String

    @OptionGroup var file: ExportFileOptions

    func validate() throws {
        _ = try CommonOptions.validating { try file.arguments(scope: "segment", target: segment) }
    }

    func run() async throws {
        try await file.run(scope: "segment", target: { segment }, common: common)
    }
}

/// `roster export category C`: every contact of a category.
struct ExportCategoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "category", abstract: "Export every contact of a category.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "all, real_name, anonymous or wechat_fans.")
    var category: ContactCategory

    @OptionGroup var file: ExportFileOptions

    func validate() throws {
        _ = try CommonOptions.validating { try file.arguments(scope: "category", target: category.rawValue) }
    }

    func run() async throws {
        try await file.run(scope: "category", target: { category.rawValue }, common: common)
    }
}

/// `roster export search --where F=V --contains F=T --tag T [--category C]`: the contacts a search finds.
struct ExportSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Export the contacts a search finds.",
        discussion: "Conditions are ANDed, as in `roster contacts search`.")

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("where"), help: "FIELD=VALUE: the field equals the value (repeatable).")
    var conditions: [String] = []

    @Option(help: "FIELD=TEXT: the field contains the text, ignoring case (repeatable).")
    var contains: [String] = []

    @Option(help: "The contact has this tag (repeatable).")
    var tag: [String] = []

    @Option(help: "all, real_name, anonymous or wechat_fans (default all).")
    var category: ContactCategory?

    @OptionGroup var file: ExportFileOptions

    func validate() throws {
        _ = try CommonOptions.validating { try file.arguments(scope: "search", target: try target()) }
    }

    func run() async throws {
        try await file.run(scope: "search", target: target, common: common)
    }

    private func target() throws -> String {
        try ExportArguments.searchTarget(
            ContactSearchQuery(conditions: conditions, contains: contains, tags: tag, category: category))
    }
}

/// The options every export takes: the format, the attributes, the file, and who to tell.
struct ExportFileOptions: ParsableArguments {
    @Option(help: "csv or xlsx.")
    var format = "csv"

    @Option(help: "Only these attributes, as keys separated by commas, in this order (default all).")
    var attributes: String?

    @Option(name: [.short, .long], help: "The file to write.")
    var output: String

    @Option(help: "An e-mail address the exporter's result message names.")
    var notifyEmail: String?

    /// The checked arguments of an export of `scope` and `target`.
    func arguments(scope: String, target: String) throws -> ExportArguments {
        try ExportArguments(
            scope: scope, target: target, format: format, attributes: attributes, output: output,
            notifyEmail: notifyEmail)
    }

    /// Requests the export, follows it on stderr, downloads the file, and prints the job with `file`.
    func run(scope: String, target: () throws -> String, common: CommonOptions) async throws {
        try await common.run { output in
            let arguments = try arguments(scope: scope, target: try target())
            let api = try ExportAPI.load()
            let id = try await api.request(arguments, requestedBy: ImportArguments.operatorName())
            output.progress("export \(id) requested")
            let (answer, job) = try await api.follow(id) { output.progress($0) }
            guard job.status == "completed" else {
                throw RosterCLIError(
                    code: .init(rawValue: "export_failed"),
                    message: "export \(id) \(job.status)" + (job.error.map { ": \($0)" } ?? ""))
            }
            let bytes = try await api.download(id, to: arguments.output)
            if let expected = job.bytes, expected != bytes {
                throw RosterCLIError(
                    code: .init(rawValue: "incomplete_download"),
                    message: "\(arguments.output) has \(bytes) bytes, the export \(expected)",
                    details: [.init(field: "--output", value: arguments.output, reason: "is incomplete")])
            }
            var fields: [String: JSONValue] = [:]
            if case .object(let object) = answer { fields = object }
            fields["file"] = .string(arguments.output)
            try output.result(JSONValue.object(fields)) { job.summary(file: arguments.output) }
        }
    }
}
