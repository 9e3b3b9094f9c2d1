import Foundation
import RosterModel

/// The dev profile file that `make run` and `make start` write (`.data/dev.env`): one `KEY=VALUE` a line.
public struct DevEnvFile: Sendable, Equatable {
    /// The file's name inside the data folder.
    public static let name = "dev.env"
    /// The data folder's name when `ROSTER_DATA_DIR` is not set.
    public static let defaultFolder = ".data"

    /// Where the file was read from.
    public var path: String
    /// Its settings, by key.
    public var values: [String: String]

    /// Makes a file's contents from its settings.
    public init(path: String, values: [String: String]) {
        self.path = path
        self.values = values
    }

    /// Parses the file's text. Blank lines and `#` comments are skipped; `export ` before a key and quotes around a
    /// value are allowed; a later line wins over an earlier one. A line without `=` is an error naming its number.
    public static func parse(_ text: String, path: String) throws -> DevEnvFile {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let assignment = line.hasPrefix("export ") ? String(line.dropFirst("export ".count)) : line
            guard let equals = assignment.firstIndex(of: "="),
                case let key = assignment[..<equals].trimmingCharacters(in: .whitespaces), !key.isEmpty
            else {
                throw RosterCLIError(
                    code: .invalidProfile, message: "line \(index + 1) of \(path) is not KEY=VALUE",
                    details: [.init(row: index + 1, value: line, reason: "is not KEY=VALUE")])
            }
            let value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            values[key] = unquoted(value)
        }
        return DevEnvFile(path: path, values: values)
    }

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws -> DevEnvFile {
        do {
            return try parse(String(contentsOfFile: path, encoding: .utf8), path: path)
        } catch let error as RosterCLIError {
            throw error
        } catch {
            throw RosterCLIError(
                code: .unreadableFile, message: "cannot read the dev profile \(path): \(error.localizedDescription)")
        }
    }

    /// Where the file is: in `$ROSTER_DATA_DIR` when that is set (relative to the current directory), otherwise in
    /// the `.data` folder of the current directory or of the nearest parent that has one; nil when there is none.
    public static func locate(
        environment: [String: String], currentDirectory: String,
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String? {
        let current = URL(fileURLWithPath: currentDirectory, isDirectory: true).standardizedFileURL
        if let dataDirectory = environment[Profile.Setting.dataDir], !dataDirectory.isEmpty {
            let folder = URL(fileURLWithPath: dataDirectory, isDirectory: true, relativeTo: current)
            let path = folder.appendingPathComponent(name).standardizedFileURL.path
            return fileExists(path) ? path : nil
        }
        var folder = current
        while true {
            let path = folder.appendingPathComponent(defaultFolder).appendingPathComponent(name).path
            if fileExists(path) { return path }
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
