import Foundation
import RosterModel

/// A segment definition given as a JSON file (DESIGN.md's shape: `{"name", "type", "clusters" | "rule"}`), read
/// as it is so that the segmenter validates it and names any condition at fault.
public struct SegmentDefinitionFile: Sendable, Equatable {
    /// The definition's JSON object, with `group_id` when a group was chosen.
    public var body: [String: JSONValue]

    /// Reads `path` (`-` for stdin); a missing file or one that is not a JSON object is an error naming it.
    public init(path: String, group: String? = nil) throws {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw RosterCLIError(
                    code: .unreadableFile, message: "cannot read segment definition \(path)",
                    details: [.init(field: "FILE", value: path, reason: "no such file or not readable")])
            }
            data = contents
        }
        try self.init(data: data, source: path, group: group)
    }

    /// Parses a definition's bytes; `source` names it in errors.
    public init(data: Data, source: String, group: String? = nil) throws {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw RosterCLIError(
                code: .invalidFile, message: "\(source) is not a JSON object with name, type and clusters or rule",
                details: [.init(field: "FILE", value: source, reason: "not a JSON object")])
        }
        body = object
        if let group { body["group_id"] = .string(group) }
    }

    /// The request body.
    public var data: Data {
        get throws { Data(try Output.encode(body).utf8) }
    }
}
