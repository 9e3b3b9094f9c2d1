import Foundation
import RosterModel

/// Where a command's results go: with `--json` exactly one JSON document on stdout, otherwise readable text.
/// Progress and prompts always go to stderr, so that stdout stays one parseable document.
public struct Output: Sendable {
    /// Whether `--json` was given.
    public let json: Bool

    /// Makes the output of a command run with or without `--json`.
    public init(json: Bool) {
        self.json = json
    }

    /// The CLI's JSON for a value: snake_case keys, sorted, on one line.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Prints a command's result on stdout: the value as JSON with `--json`, else the text `human` makes.
    public func result<T: Encodable>(_ value: T, human: () -> String) throws {
        Self.write(json ? try Self.encode(value) : human(), to: .standardOutput)
    }

    /// Prints a progress line on stderr.
    public func progress(_ line: String) {
        Self.write(line, to: .standardError)
    }

    /// Prints a failure: the error JSON on stdout with `--json`, else `Error: ...` and its details on stderr.
    public func failure(_ error: RosterCLIError) {
        if json, let document = try? Self.encode(error.body) {
            Self.write(document, to: .standardOutput)
        } else {
            Self.write(Self.text(of: error), to: .standardError)
        }
    }

    /// The readable form of an error: its message, then one indented line per detail.
    public static func text(of error: RosterCLIError) -> String {
        var lines = ["Error: \(error.message)"]
        for detail in error.details {
            var place: [String] = []
            if let row = detail.row { place.append("row \(row)") }
            if let field = detail.field { place.append(field) }
            if let value = detail.value { place.append("\"\(value)\"") }
            lines.append("  " + (place.isEmpty ? "" : place.joined(separator: " ") + ": ") + detail.reason)
        }
        return lines.joined(separator: "\n")
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
