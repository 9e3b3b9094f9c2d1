import Foundation
import RosterModel

/// Reads JSON Lines: one JSON object a line; blank lines are skipped.
public enum JSONLReader {
    /// One object as its line's bytes (kept as they are, so numbers and key order pass through untouched).
    public struct Line: Sendable, Equatable {
        /// The 1-based line number in the file.
        public var number: Int
        /// The line's JSON text, without surrounding whitespace.
        public var json: Data

        /// Makes a line.
        public init(number: Int, json: Data) {
            self.number = number
            self.json = json
        }
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    public static func read(path: String) throws -> [Line] {
        if path == "-" {
            return try parse(FileHandle.standardInput.readDataToEndOfFile(), source: "standard input")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RosterCLIError(
                code: .unreadableFile, message: "cannot read \(path): \(error.localizedDescription)",
                details: [.init(value: path, reason: "cannot be read")])
        }
        return try parse(data, source: path)
    }

    /// Parses a file's bytes; `source` names the file in errors. A line that is not a JSON object is an error
    /// that names its line number.
    public static func parse(_ data: Data, source: String) throws -> [Line] {
        var lines: [Line] = []
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let decoder = JSONDecoder()
        for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = trimmed(raw)
            if text.isEmpty { continue }
            let number = index + 1
            let json = Data(text)
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: json)
            } catch {
                throw invalid(line: number, source: source, text: json, reason: "is not JSON" + explanation(error))
            }
            guard case .object = value else {
                throw invalid(line: number, source: source, text: json, reason: "is not a JSON object")
            }
            lines.append(Line(number: number, json: json))
        }
        return lines
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0D]
        guard let first = bytes.firstIndex(where: { !blank.contains($0) }),
            let last = bytes.lastIndex(where: { !blank.contains($0) })
        else { return [] }
        return bytes[first...last]
    }

    private static func invalid(line: Int, source: String, text: Data, reason: String) -> RosterCLIError {
        var excerpt = String(decoding: text, as: UTF8.self)
        if excerpt.count > 80 { excerpt = String(excerpt.prefix(77)) + "..." }
        return RosterCLIError(
            code: .invalidFile, message: "line \(line) of \(source) \(reason)",
            details: [.init(row: line, value: excerpt, reason: reason)])
    }

    /// The parser's own words, when it gives more than "not valid JSON".
    private static func explanation(_ error: any Error) -> String {
        guard case DecodingError.dataCorrupted(let context) = error,
            let underlying = context.underlyingError as NSError?,
            let text = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        else { return "" }
        return " (\(text))"
    }
}
