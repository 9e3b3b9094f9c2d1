import ArgumentParser
import Foundation
import RosterModel

/// `roster segments`: the segmenter's segments — define, change, inspect and explain them.
struct SegmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments", abstract: "Define segments and see who is in them, and why.",
        subcommands: [
            SegmentsCreateCommand.self, SegmentsEditCommand.self, SegmentsCopyCommand.self,
            SegmentsDeleteCommand.self, SegmentsListCommand.self, SegmentsMembersCommand.self,
            SegmentsStatusCommand.self, SegmentsEstimateCommand.self, SegmentsWhyCommand.self,
            SegmentsHistoryCommand.self,
        ])
}

/// `roster segments create FILE`: a new segment from a definition file, computed before the answer.
struct SegmentsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a segment from a JSON definition file.",
        discussion: """
            FILE holds {"name", "type": "standard", "clusters": [...]} or {"name", "type": "advanced", "rule": {...}} \
            (see DESIGN.md; - reads stdin). Prints the segment once computed, with its id, status and member count; \
            a condition the segmenter rejects exits 1 with its path in the error's details.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The definition file (- for stdin).")
    var file: String

    @Option(help: "A custom group to put the segment in.")
    var group: String?

    func run() async throws {
        try await common.run { output in
            let body = try SegmentDefinitionFile(path: file, group: group).data
            let segment = try await SegmenterAPI.load().call("POST", "/v1/segments", json: body)
            try output.result(segment) { SegmentText.segment(segment) }
        }
    }
}

/// `roster segments edit ID FILE`: new conditions for a segment (its version grows, and it is recomputed).
struct SegmentsEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Replace a segment's definition; it is recomputed under the next version.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var id: String

    @Argument(help: "The definition file (- for stdin).")
    var file: String

    @Option(help: "A custom group to move the segment to.")
    var group: String?

    func run() async throws {
        try await common.run { output in
            let body = try SegmentDefinitionFile(path: file, group: group).data
            let segment = try await SegmenterAPI.load().call("PUT", SegmenterAPI.segmentPath(id), json: body)
            try output.result(segment) { SegmentText.segment(segment) }
        }
    }
}

/// `roster segments copy ID`: a new segment `<name>_copy` with the same conditions.
struct SegmentsCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a segment as <name>_copy with the same conditions.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segment's id.")
    var id: String

    func run() async throws {
        try await common.run { output in
            let segment = try await SegmenterAPI.load().call("POST", SegmenterAPI.segmentPath(id, "/copy"))
            try output.result(segment) { SegmentText.segment(segment) }
        }
    }
}

/// `roster segments delete ID...`: delete segments; their members get exit messages.
struct SegmentsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete segments; each member gets an exit message.",
        discussion: "Several ids are deleted in one batch. Prints {\"deleted\": [ids]}.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The segments' ids.")
    var ids: [String]

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one segment id") }
    }

    func run() async throws {
        try await common.run { output in
            let api = try SegmenterAPI.load()
            let answer =
                ids.count == 1
                ? try await api.call("DELETE", SegmenterAPI.segmentPath(ids[0]))
                : try await api.call(
                    "POST", "/v1/segments/batch-delete",
                    json: Data(try Output.encode(["segment_ids": ids]).utf8))
            try output.result(answer) { "deleted " + ids.joined(separator: ", ") }
        }
    }
}
