import ArgumentParser
import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("roster export: arguments, request bodies and progress")
struct ExportCommandTests {
    @Test func argumentsBuildTheRequestBody() throws {
        // Given a segment export of three attributes as XLSX, to be announced to ops
        let arguments = try ExportArguments(
            scope: "segment", target: "seg-1", format: "xlsx", attributes: " name, mobile ,member_points",
            output: "out.xlsx", notifyEmail: "ops@example.com")

        // When its body is made
        let body = String(decoding: try arguments.body(requestedBy: "ann"), as: UTF8.self)

        // Then it carries the scope, target, format, attributes in order, recipient and who asked
        #expect(
            body
                == #"{"attributes":["name","mobile","member_points"],"format":"xlsx","notify_email":"ops@example.com","requested_by":"ann","scope":"segment","target":"seg-1"}"#
        )
        #expect(
            String(
                decoding: try ExportArguments(
                    scope: "category", target: "all", format: "csv", attributes: nil, output: "o.csv"
                ).body(requestedBy: "ann"), as: UTF8.self)
                == #"{"format":"csv","requested_by":"ann","scope":"category","target":"all"}"#)
    }

    @Test func searchConditionsBecomeAPercentEncodedTarget() throws {
        // Given search options with an exact value holding '=' and '&', a fuzzy text, a tag and a category
        let query = try ContactSearchQuery(
            conditions: ["email=a&b=c@example.com"], contains: ["name=ann lee"], tags: ["vip+"], category: .realName)

        // When they are turned into an export target
        let target = try ExportArguments.searchTarget(query)

        // Then each condition is a query item with its value percent-encoded
        #expect(
            target == "where=email%3Da%26b%3Dc%40example.com&contains=name%3Dann%20lee&tag=vip%2B&category=real_name")
        #expect(throws: RosterCLIError.self) { try ExportArguments.searchTarget(try ContactSearchQuery()) }
    }

    @Test func badFormatOrAttributesAreUsageErrorsNamingTheOption() {
        let format = #expect(throws: RosterCLIError.self) {
            try ExportArguments(scope: "segment", target: "s", format: "pdf", attributes: nil, output: "o")
        }
        let attributes = #expect(throws: RosterCLIError.self) {
            try ExportArguments(scope: "segment", target: "s", format: "csv", attributes: "name,,mobile", output: "o")
        }
        let key = #expect(throws: RosterCLIError.self) {
            try ExportArguments(scope: "segment", target: "s", format: "csv", attributes: "name,e-mail", output: "o")
        }

        #expect(format?.message == #"--format must be csv or xlsx: got "pdf""#)
        #expect(format?.exitCode == 64)
        #expect(attributes?.details.first?.field == "--attributes")
        #expect(attributes?.details.first?.reason == "has an empty attribute key")
        #expect(key?.details.first?.reason == #"names "e-mail", which is not an attribute key"#)
    }

    @Test func theCommandTreeTakesSegmentCategoryAndSearch() throws {
        let valid = [
            ["export", "segment", "seg-1", "-o", "out.csv"],
            ["export", "category", "wechat_fans", "--format", "xlsx", "--output", "fans.xlsx", "--json"],
            [
                "export", "search", "--where", "city=Shanghai", "--tag", "vip", "--attributes", "name,mobile", "-o",
                "s.csv",
            ],
        ]
        for arguments in valid {
            #expect(throws: Never.self, "\(arguments)") { _ = try RosterCommand.parseAsRoot(arguments) }
        }
        let invalid = [
            ["export", "segment", "seg-1"],
            ["export", "category", "fans", "-o", "x.csv"],
            ["export", "search", "-o", "x.csv"],
            ["export", "segment", "seg-1", "-o", "x.csv", "--format", "pdf"],
        ]
        for arguments in invalid {
            #expect(throws: (any Error).self, "\(arguments)") { _ = try RosterCommand.parseAsRoot(arguments) }
        }
    }

    @Test func progressShowsRowsWrittenOfTotal() throws {
        // Given a job as the exporter answers it, before and while it runs
        func job(_ status: String, _ written: Int, _ total: Int?) throws -> ExportJobView {
            let answer: JSONValue = .object([
                "export_id": .string("exp_1"), "status": .string(status), "format": .string("csv"),
                "rows_written": .int(Int64(written)), "total": total.map { .int(Int64($0)) } ?? .null,
            ])
            return try #require(AnswerReading.decode(ExportJobView.self, from: answer))
        }

        // Then the progress line shows the status, then the rows written of the total
        #expect(try job("queued", 0, nil).progressLine == "queued...")
        #expect(try job("running", 400, 1000).progressLine == "running 40% 400/1000 rows")
        #expect(try job("completed", 0, 0).progressLine == "completed 100% 0/0 rows")
        #expect(try job("completed", 0, 0).isSettled)
        #expect(try !job("running", 1, 2).isSettled)
    }
}
