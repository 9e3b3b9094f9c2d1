import ArgumentParser
import Foundation
import RosterModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `roster import start FILE --purpose P`: uploads, previews, confirms, starts, and follows the job to its end.
struct ImportStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Upload a file and import it.",
        discussion: """
            Uploads and previews the file, shows the counts on stderr and asks for confirmation unless --yes \
            (without a terminal --yes is required). Then starts the import and waits with a progress bar on stderr, \
            or returns at once with --detach. Prints the job. A job that fails or is cancelled exits 1 with the \
            error JSON.
            """)

    /// How often the job is asked for its progress.
    static let pollInterval: Duration = .milliseconds(500)

    @OptionGroup var common: CommonOptions

    @Argument(help: "A .csv or .xlsx file.")
    var file: String

    @Option(help: "add, delete, unsubscribe-email, unsubscribe-sms or unsubscribe-global.")
    var purpose: String

    @Option(help: "A tag to put on every imported contact (repeatable; add only).")
    var tag: [String] = []

    @Option(
        help: "A hidden tag to put on every imported contact: kept on it, left out of lists (repeatable; add only).")
    var hiddenTag: [String] = []

    @Option(help: "normal (records events) or fast (changes contacts only; add only).")
    var mode = "normal"

    @Option(help: "The CSV's encoding (utf-8, utf-16le, utf-16be, gb18030, big5); detected when left out.")
    var encoding: String?

    @Flag(help: "Import without asking.")
    var yes = false

    @Flag(help: "Return once the job is started instead of waiting for it.")
    var detach = false

    func validate() throws {
        _ = try CommonOptions.validating { try arguments() }
    }

    func run() async throws {
        try await common.run { output in
            let arguments = try arguments()
            let api = try IngestAPI.load()
            let user = ImportArguments.operatorName()
            let answer = try await api.upload(
                file: file,
                query: arguments.uploadQuery(fileName: (file as NSString).lastPathComponent, createdBy: user))
            guard let preview = AnswerReading.decode(ImportPreviewView.self, from: answer) else {
                throw RosterCLIError(
                    code: .unexpectedResponse, message: "ingest answered the upload with an unknown shape")
            }
            if preview.status != "previewed" {
                throw RosterCLIError(
                    code: .init(rawValue: "file_rejected"),
                    message: "\(file) cannot be imported: \(preview.error ?? preview.status)", details: preview.errors)
            }
            output.progress("\(file): \(preview.summary)")
            for warning in preview.warnings { output.progress("warning: \(warning)") }
            do {
                try Confirmation.require(
                    yes: yes, action: "import \(TextFormat.count(preview.importable, "row")) of \(file) (\(purpose))",
                    isTerminal: Confirmation.standardInputIsTerminal, ask: Confirmation.askAtTerminal)
            } catch {
                _ = try? await api.call("POST", IngestAPI.jobPath(preview.jobId, "/cancel"))
                throw error
            }
            var job = try await api.call(
                "POST", IngestAPI.jobPath(preview.jobId, "/start"), json: try arguments.startBody(startedBy: user))
            if !detach { job = try await follow(preview.jobId, api: api) }
            if let view = AnswerReading.decode(ImportJobView.self, from: job),
                ["failed", "cancelled"].contains(view.status)
            {
                throw RosterCLIError(
                    code: view.status == "cancelled" ? .cancelled : .init(rawValue: "import_failed"),
                    message: "import \(view.jobId) \(view.status)" + (view.error.map { ": \($0)" } ?? ""))
            }
            try output.result(job) { AnswerReading.text(job, as: ImportJobView.self) { $0.text } }
        }
    }

    private func arguments() throws -> ImportArguments {
        try ImportArguments(purpose: purpose, encoding: encoding, tags: tag, hiddenTags: hiddenTag, mode: mode)
    }

    /// Polls the job until it ends, drawing the progress bar on stderr; returns its last answer.
    private func follow(_ id: String, api: IngestAPI) async throws -> JSONValue {
        let terminal = isatty(STDERR_FILENO) == 1
        var shown = ""
        while true {
            let answer = try await api.call("GET", IngestAPI.jobPath(id))
            guard let job = AnswerReading.decode(ImportJobView.self, from: answer) else { return answer }
            let line = ImportProgress.line(status: job.status, done: job.rowsDone, total: job.total)
            let key =
                terminal ? line : ImportProgress.milestone(status: job.status, done: job.rowsDone, total: job.total)
            if key != shown {
                FileHandle.standardError.write(Data((terminal ? "\r\(line)" : "\(line)\n").utf8))
                shown = key
            }
            if job.isSettled {
                if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
                return answer
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }
}
