import Foundation
import RosterModel

/// A preview as ingest answers it, for the readable form: the counts, the first rows, the first problems.
public struct ImportPreviewView: Codable, Sendable, Equatable {
    /// One of the first rows.
    public struct Row: Codable, Sendable, Equatable {
        /// The data row's number.
        public var row: Int
        /// `importable`, `invalid` or `duplicate`.
        public var status: String
        /// The cells as the file has them.
        public var cells: [String]
        /// Why the row is not imported.
        public var reasons: [String]
    }

    /// The job's id.
    public var jobId: String
    /// Where the job is (`previewed`, `importing`, `completed`, ...).
    public var status: String
    /// The encoding the CSV was read in.
    public var encoding: String?
    /// Data rows scanned.
    public var total: Int
    /// Duplicate rows.
    public var duplicate: Int
    /// Rows not imported, duplicates included.
    public var invalid: Int
    /// Rows that become events.
    public var importable: Int
    /// Why the job failed or the file was rejected.
    public var error: String?
    /// The first rows as parsed.
    public var rows: [Row]
    /// The first row problems.
    public var errors: [RosterCLIError.Detail]
    /// What to know before starting.
    public var warnings: [String]

    /// The counts in one sentence, as the console says them.
    public var summary: String {
        "scanned \(TextFormat.count(total, "row")): \(duplicate) duplicate, \(invalid) invalid (duplicates included), "
            + "\(importable) to import"
    }

    /// The summary, warnings, the first rows as a table and the first problems.
    public var text: String {
        var parts = ["import \(jobId): \(status)" + (encoding.map { ", read as \($0)" } ?? ""), summary]
        if let error { parts.append("rejected: \(error)") }
        parts += warnings.map { "warning: \($0)" }
        if !rows.isEmpty {
            parts.append(
                TextFormat.table(
                    ["ROW", "STATUS", "CELLS", "REASONS"],
                    rows.map {
                        ["\($0.row)", $0.status, $0.cells.joined(separator: " | "), $0.reasons.joined(separator: "; ")]
                    }))
        }
        if !errors.isEmpty {
            let lines = Output.text(of: RosterCLIError(code: .failed, message: "", details: errors))
                .split(separator: "\n").dropFirst()
            parts.append(
                "problems (the first \(errors.count); `roster import errors \(jobId)` lists all):\n"
                    + lines.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n")
    }
}
