import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("JSON Lines reading and event chunks")
struct JSONLReaderTests {
    @Test func blankLinesAreSkippedAndLineNumbersKept() throws {
        // Given objects with blank and whitespace-only lines between them, CRLF endings and a byte order mark
        let text = "\u{FEFF}{\"id\":\"a\"}\r\n\n   \n{\"id\":\"b\", \"n\": 1.50}\r\n\n"

        // When the file is read
        let lines = try JSONLReader.parse(Data(text.utf8), source: "events.jsonl")

        // Then each object keeps its own line number and its bytes as written
        #expect(lines.map(\.number) == [1, 4])
        #expect(lines.map { String(decoding: $0.json, as: UTF8.self) } == [#"{"id":"a"}"#, #"{"id":"b", "n": 1.50}"#])
    }

    @Test func lineThatIsNotJSONIsAnErrorNamingItsLineNumber() {
        // Given a file whose third line is broken
        let text = "{\"id\":\"a\"}\n\n{\"id\": nope}\n{\"id\":\"c\"}\n"

        // When it is read, then the error names line 3 and the file
        let error = #expect(throws: RosterCLIError.self) {
            try JSONLReader.parse(Data(text.utf8), source: "events.jsonl")
        }
        #expect(error?.code == .invalidFile)
        #expect(error?.message.hasPrefix("line 3 of events.jsonl is not JSON") == true)
        #expect(error?.details.first?.row == 3)
        #expect(error?.details.first?.value == #"{"id": nope}"#)
    }

    @Test func lineThatIsJSONButNotAnObjectIsAnError() {
        let error = #expect(throws: RosterCLIError.self) {
            try JSONLReader.parse(Data("{}\n[1, 2]\n".utf8), source: "events.jsonl")
        }

        #expect(error?.message == "line 2 of events.jsonl is not a JSON object")
    }

    @Test func missingFileIsUnreadable() {
        let error = #expect(throws: RosterCLIError.self) {
            try JSONLReader.read(path: "/nonexistent/\(UUID().uuidString).jsonl")
        }

        #expect(error?.code == .unreadableFile)
    }

    @Test func chunkBodyWrapsLinesAsTheyAre() throws {
        let lines = try JSONLReader.parse(Data("{\"id\":\"a\"}\n{\"id\": \"b\"}\n".utf8), source: "f")

        let body = EventPublisher.body(for: lines)

        #expect(String(decoding: body, as: UTF8.self) == #"{"events":[{"id":"a"},{"id": "b"}]}"#)
    }

    @Test func refusedChunkRowsBecomeFileLineNumbers() throws {
        // Given a second chunk starting at line 12 of the file, refused by ingest for its 2nd event
        let lines = (0..<3).map { JSONLReader.Line(number: 12 + $0 * 2, json: Data("{}".utf8)) }
        let refused = RosterCLIError(
            code: .init(rawValue: "invalid_event"), message: "1 of 3 events are not valid",
            details: [.init(row: 2, field: "type", reason: "is required")], httpStatus: 400)

        // When the publisher locates it
        let located = EventPublisher.located(refused, chunk: lines[...], acceptedBefore: 500)

        // Then the worker's code and message stay, the row is the file's line, and the earlier chunks are told
        #expect(located.code.rawValue == "invalid_event")
        #expect(located.message == "1 of 3 events are not valid")
        #expect(
            located.details == [
                .init(row: 14, field: "type", reason: "is required"),
                .init(reason: "500 events before line 12 were accepted"),
            ])
    }
}
