import ArgumentParser
import Foundation
import RosterModel

/// `roster import`: CSV and Excel imports through ingest — preview, start, follow, cancel, list, problems.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import contacts from CSV and Excel files.",
        discussion: """
            Purposes: add (add or update contacts), delete (delete the contacts that exist), unsubscribe-email, \
            unsubscribe-sms, unsubscribe-global (files need event_id and create_time columns). Files: CSV (UTF-8, \
            UTF-16, GB18030/GBK or Big5, detected unless --encoding) or .xlsx (first sheet), at most 100 MB.
            """,
        subcommands: [
            ImportPreviewCommand.self, ImportStartCommand.self, ImportStatusCommand.self, ImportCancelCommand.self,
            ImportListCommand.self, ImportErrorsCommand.self, ImportRowsCommand.self,
        ])
}

/// `roster import preview FILE --purpose P`: uploads a file and prints what an import of it would do.
struct ImportPreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Upload a file and preview its import.",
        discussion: """
            Nothing is imported. Prints {"job_id", "total", "duplicate", "invalid", "importable", "rows": [the first \
            20], "errors": [the first 100], ...}. Invalid rows are empty lines, rows with more or fewer columns than \
            the header, rows without a primary key, undecodable or mistyped values and duplicates.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "A .csv or .xlsx file.")
    var file: String

    @Option(help: "add, delete, unsubscribe-email, unsubscribe-sms or unsubscribe-global.")
    var purpose: String

    @Option(help: "The CSV's encoding (utf-8, utf-16le, utf-16be, gb18030, big5); detected when left out.")
    var encoding: String?

    func validate() throws {
        _ = try CommonOptions.validating { try ImportArguments(purpose: purpose, encoding: encoding) }
    }

    func run() async throws {
        try await common.run { output in
            let arguments = try ImportArguments(purpose: purpose, encoding: encoding)
            let preview = try await IngestAPI.load().upload(
                file: file,
                query: arguments.uploadQuery(
                    fileName: (file as NSString).lastPathComponent, createdBy: ImportArguments.operatorName()))
            try output.result(preview) { AnswerReading.text(preview, as: ImportPreviewView.self) { $0.text } }
        }
    }
}

/// `roster import status JOB`: one job's state and progress.
struct ImportStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show an import job.",
        discussion: #"Prints the job: {"job_id", "purpose", "mode", "status", "rows_done", "total", ...}."#)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The job's id.")
    var job: String

    func run() async throws {
        try await common.run { output in
            let answer = try await IngestAPI.load().call("GET", IngestAPI.jobPath(job))
            try output.result(answer) { AnswerReading.text(answer, as: ImportJobView.self) { $0.text } }
        }
    }
}

/// `roster import cancel JOB`: cancels a job that waits or runs.
struct ImportCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel an import job that waits or runs.",
        discussion: "A running job stops after the rows in hand. Prints the job; a job that already ended exits 1.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The job's id.")
    var job: String

    func run() async throws {
        try await common.run { output in
            let answer = try await IngestAPI.load().call("POST", IngestAPI.jobPath(job, "/cancel"))
            try output.result(answer) { AnswerReading.text(answer, as: ImportJobView.self) { $0.text } }
        }
    }
}

/// `roster import list`: every import job of the tenant.
struct ImportListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List import jobs, newest first.",
        discussion: #"Prints {"jobs": [...]}: purpose, mode, counts, status, who started each and when."#)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.run { output in
            let answer = try await IngestAPI.load().call("GET", "/v1/imports")
            try output.result(answer) { AnswerReading.text(answer, as: ImportJobList.self) { $0.table } }
        }
    }
}

/// `roster import errors JOB`: every invalid row's reasons.
struct ImportErrorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "Print every invalid row's reasons.",
        discussion: #"Prints CSV (row,column,value,reason); with --json {"job_id", "errors": [...]}."#)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The job's id.")
    var job: String

    func run() async throws {
        try await common.run { output in
            let api = try IngestAPI.load()
            if output.json {
                let answer = try await api.call("GET", IngestAPI.jobPath(job, "/errors"), query: [("format", "json")])
                try output.result(answer) { "" }
            } else {
                // Printed with the terminal's line ends rather than the download's CRLF.
                let csv = try await api.text(IngestAPI.jobPath(job, "/errors")).replacingOccurrences(
                    of: "\r\n", with: "\n")
                try output.result(JSONValue.string(csv)) { csv }
            }
        }
    }
}

/// `roster import rows JOB`: a normal-mode import's imported rows.
struct ImportRowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rows", abstract: "Print (or save) the rows a normal-mode import imported.",
        discussion:
            #"Prints CSV (row, then the file's columns); with -o writes it to a file; with --json {"job_id", "csv"}."#)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The job's id.")
    var job: String

    @Option(name: .shortAndLong, help: "Write the CSV to this file instead of printing it.")
    var output: String?

    func run() async throws {
        try await common.run { printer in
            let csv = try await IngestAPI.load().text(IngestAPI.jobPath(job, "/rows"))
            if let output {
                try Data(csv.utf8).write(to: URL(fileURLWithPath: output))
            }
            let lines = csv.replacingOccurrences(of: "\r\n", with: "\n")
            try printer.result(JSONValue.object(["job_id": .string(job), "csv": .string(csv)])) {
                output.map { "wrote \(lines.split(separator: "\n").count - 1) imported rows to \($0)" } ?? lines
            }
        }
    }
}
