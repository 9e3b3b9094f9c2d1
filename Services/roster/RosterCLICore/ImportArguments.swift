import Foundation
import RosterModel

/// What `roster import preview` and `start` are asked to do, checked before anything is sent: the purpose, the
/// file's encoding, and (start) the tags and the mode.
public struct ImportArguments: Sendable, Equatable {
    /// The purposes ingest takes.
    public static let purposes = ["add", "delete", "unsubscribe-email", "unsubscribe-sms", "unsubscribe-global"]
    /// The encodings ingest reads (also `gbk`, `gb2312`, `utf8`).
    public static let encodings = ["utf-8", "utf-16le", "utf-16be", "gb18030", "gbk", "gb2312", "big5", "utf8"]
    /// The write modes.
    public static let modes = ["normal", "fast"]
    /// The largest file ingest takes: 100 MB.
    public static let maxBytes = 100 * 1024 * 1024

    /// The purpose, one of `purposes`.
    public var purpose: String
    /// The encoding to read a CSV in, or nil to let ingest detect it.
    public var encoding: String?
    /// Tags to put on every imported contact (add only).
    public var tags: [String]
    /// Hidden tags to put on every imported contact (add only).
    public var hiddenTags: [String]
    /// `normal` or `fast` (add only).
    public var mode: String

    /// Checks the arguments; a mistake is a usage error naming the option and the value given.
    public init(
        purpose: String, encoding: String? = nil, tags: [String] = [], hiddenTags: [String] = [],
        mode: String = "normal"
    ) throws {
        guard Self.purposes.contains(purpose) else {
            throw Self.usage("--purpose", purpose, allowed: Self.purposes)
        }
        if let encoding, !Self.encodings.contains(encoding.lowercased()) {
            throw Self.usage("--encoding", encoding, allowed: Self.encodings)
        }
        guard Self.modes.contains(mode) else { throw Self.usage("--mode", mode, allowed: Self.modes) }
        if purpose != "add" && (!tags.isEmpty || !hiddenTags.isEmpty || mode != "normal") {
            throw RosterCLIError.usage(
                "--tag and --mode fast are for --purpose add only: got --purpose \(purpose)",
                details: [.init(field: tags.isEmpty ? "--mode" : "--tag", reason: "is for --purpose add only")])
        }
        if let empty = (tags + hiddenTags).firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw RosterCLIError.usage(
                "--tag must not be empty: tag \(empty + 1) is", details: [.init(field: "--tag", reason: "is empty")])
        }
        self.purpose = purpose
        self.encoding = encoding?.lowercased()
        self.tags = tags
        self.hiddenTags = hiddenTags
        self.mode = mode
    }

    /// The upload's query: purpose, the file's name, encoding when given, and who uploads it.
    public func uploadQuery(fileName: String, createdBy: String) -> [(name: String, value: String)] {
        [("purpose", purpose), ("filename", fileName)] + (encoding.map { [("encoding", $0)] } ?? [])
            + [("created_by", createdBy)]
    }

    /// `POST /v1/imports/{id}/start`'s body: `{"hidden_tags", "mode", "started_by", "tags"}`.
    public func startBody(startedBy: String) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: ["tags": tags, "hidden_tags": hiddenTags, "mode": mode, "started_by": startedBy],
            options: [.sortedKeys])
    }

    /// Who is running the command, for the job's `created_by` and `started_by`: `$USER`, else `roster`.
    public static func operatorName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "roster"
    }

    private static func usage(_ option: String, _ value: String, allowed: [String]) -> RosterCLIError {
        RosterCLIError.usage(
            "\(option) must be one of \(allowed.joined(separator: "|")): got \"\(value)\"",
            details: [.init(field: option, value: value, reason: "is not one of \(allowed.joined(separator: ", "))")])
    }
}
