import Foundation
import RosterModel

/// The body of `POST /v1/contacts/ID/tags`: `{"add": [...], "add_hidden": [...], "remove": [...]}`.
public struct TagChange: Encodable, Sendable, Equatable {
    /// Tags to add.
    public var add: [String]
    /// Tags to add as hidden.
    public var addHidden: [String]
    /// Tags to remove, visible or hidden.
    public var remove: [String]

    enum CodingKeys: String, CodingKey {
        case add
        case addHidden = "add_hidden"
        case remove
    }

    /// Checks the command's arguments: at least one tag, none empty, none both added and removed.
    public init(add: [String], addHidden: [String] = [], remove: [String]) throws {
        guard !add.isEmpty || !addHidden.isEmpty || !remove.isEmpty else {
            throw RosterCLIError.usage(
                "give tags to change: --add T, --add-hidden T or --remove T, each as often as needed",
                details: [.init(field: "--add", reason: "or --add-hidden or --remove is required")])
        }
        for (option, tags) in [("--add", add), ("--add-hidden", addHidden), ("--remove", remove)]
        where tags.contains("") {
            throw RosterCLIError.usage(
                "\(option) must not be empty", details: [.init(field: option, reason: "is empty")])
        }
        if let both = (add + addHidden).first(where: remove.contains) {
            throw RosterCLIError.usage(
                "tag \(both) is given to both --add and --remove",
                details: [.init(field: "--remove", value: both, reason: "is also given to --add")])
        }
        self.add = add
        self.addHidden = addHidden
        self.remove = remove
    }

    /// The JSON body, keys sorted.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// `adds a, b; removes c`.
    public var summary: String {
        [("adds", add), ("adds hidden", addHidden), ("removes", remove)].filter { !$0.1.isEmpty }
            .map { "\($0.0) \($0.1.joined(separator: ", "))" }.joined(separator: "; ")
    }
}
