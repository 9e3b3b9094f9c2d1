import Foundation

/// The dev profile `.data/dev.env`: `KEY=VALUE` lines that `make run` writes and the CLI reads.
public enum DevProfile {
    /// Sets keys in the file, keeping every other line; creates the file and its folder if needed.
    public static func set(_ values: [String: String], in path: String) throws {
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var lines = existing.split(separator: "\n").map(String.init).filter { line in
            !values.keys.contains { line.hasPrefix("\($0)=") }
        }
        lines += values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Reads the file's keys and values; a missing file is empty.
    public static func read(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }
}
