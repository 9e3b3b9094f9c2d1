import Foundation
import RosterModel

/// Readable text for people: aligned tables and indented outlines of JSON.
public enum TextFormat {
    /// A table with a header row; every column but the last is padded to its widest cell, measured in terminal
    /// columns (a Chinese character takes two), and a cell's line breaks and other control characters are written as
    /// escapes so that each row stays on one line.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = ([header] + rows).map { $0.map(TerminalWidth.oneLine) }
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? TerminalWidth.of($0[column]) : 0 }.max() ?? 0
        }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell + String(repeating: " ", count: widths[column] + 2 - TerminalWidth.of(cell))
            }.joined().trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// An indented outline of a JSON value, keys sorted, simple values before nested ones:
    /// `key: value` lines, lists of simple values joined by commas, lists of objects as `-` items.
    public static func outline(_ value: JSONValue) -> String {
        lines(value, indent: 0).joined(separator: "\n")
    }

    /// One JSON value on one line, for a table cell: text and numbers as they are, `-` for null, lists joined by
    /// commas, objects as compact JSON.
    public static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: "-"
        case .array(let items): items.map(cell).joined(separator: ", ")
        case .object:
            (try? compact(value)) ?? ""
        default: value.text ?? ""
        }
    }

    /// A count and its noun, singular for one: `1 event`, `3 events` (`plural` when not the noun and an s).
    public static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// A page's summary: `3 of 3 contacts`, or `50 of 134 contacts (page 1 of 3)` when there are more pages.
    public static func pageSummary(count: Int, total: Int, page: Int, pageSize: Int, noun: String) -> String {
        let summary = "\(count) of \(total) \(noun)"
        guard pageSize > 0, total > pageSize || page > 1 else { return summary }
        let pages = (total + pageSize - 1) / pageSize
        return summary + " (page \(page) of \(max(pages, page)))"
    }

    /// Lines indented by `spaces`, for a table or list inside a section.
    public static func indented(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
            .joined(separator: "\n")
    }

    private static func compact(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func lines(_ value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members):
            let keys = members.keys.sorted()
            let simple = keys.filter { members[$0].map(isSimple) ?? true }
            let nested = keys.filter { !simple.contains($0) }
            return simple.map { "\(pad)\($0): \(inline(members[$0] ?? .null))" }
                + nested.flatMap { ["\(pad)\($0):"] + lines(members[$0] ?? .null, indent: indent + 2) }
        case .array(let items) where !isSimple(value):
            return items.flatMap { item -> [String] in
                var itemLines = lines(item, indent: indent + 2)
                if let first = itemLines.first {
                    itemLines[0] = pad + "- " + first.dropFirst(indent + 2)
                }
                return itemLines
            }
        default:
            return [pad + inline(value)]
        }
    }

    private static func isSimple(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.isEmpty
        case .array(let items):
            items.allSatisfy { if case .object = $0 { false } else if case .array = $0 { false } else { true } }
        default: true
        }
    }

    private static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "-"
        case .object: "(none)"
        case .array(let items): items.isEmpty ? "(none)" : items.map(inline).joined(separator: ", ")
        default: value.text ?? ""
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
