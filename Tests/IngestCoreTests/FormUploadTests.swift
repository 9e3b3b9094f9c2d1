import Foundation
import RosterTestSupport
import Testing

@Suite("Uploading a file as a multipart/form-data form", .timeLimit(.minutes(3)))
struct FormUploadTests {
    /// A form body with CRLF between parts, as browsers send it.
    struct Form {
        let boundary = "----RosterFormBoundary7MA4YWxkTrZu0gW"
        var body = Data()

        mutating func field(_ name: String, _ value: String) {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }

        mutating func file(_ bytes: Data, disposition: String, type: String = "application/octet-stream") {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: \(disposition)\r\nContent-Type: \(type)\r\n\r\n".utf8))
            body.append(bytes)
            body.append(Data("\r\n".utf8))
        }

        func closed() -> Data { body + Data("--\(boundary)--\r\n".utf8) }
        var headers: [String: String] { ["Content-Type": "multipart/form-data; boundary=\(boundary)"] }
    }

    @Test func aBrowserFormWithItsFieldsAroundTheFileIsPreviewedAndImported() async throws {
        let ingest = try IngestHarness()
        // Given a form as a browser sends it: the purpose before the file, who uploads after, a CRLF file whose
        // name carries the folder it came from
        var form = Form()
        form.field("purpose", "add")
        form.file(
            Data("mobile,name\r\n13800000001,Ann\r\n13800000002,Bo\r\n13800000001,Ann again\r\n".utf8),
            disposition: #"form-data; name="upload"; filename="C:\Users\ann\联系人.csv""#, type: "text/csv")
        form.field("created_by", "ann")

        // When it is posted
        let answer = try await ingest.json("POST", "/v1/imports", body: form.closed(), headers: form.headers)

        // Then the file is previewed with the form's name and uploader
        #expect(answer.status == 201)
        let jobID = try #require(answer.json["job_id"] as? String)
        #expect(answer.json["file_name"] as? String == "联系人.csv")
        #expect(try await ingest.json("GET", "/v1/imports/\(jobID)").json["created_by"] as? String == "ann")
        #expect([answer.json["total"], answer.json["duplicate"], answer.json["importable"]] as? [Int] == [3, 1, 2])
        #expect(
            (answer.json["rows"] as? [[String: Any]])?.map { $0["cells"] as? [String] } == [
                ["13800000001", "Ann"], ["13800000002", "Bo"], ["13800000001", "Ann again"],
            ])

        // And it imports as an upload of the raw file would
        _ = try await ingest.start(jobID)
        #expect(try await ingest.waitFor(jobID, ["completed", "failed"])["status"] as? String == "completed")
        #expect(try await ingest.events(atLeast: 2).map(\.event.id) == ["import:\(jobID):1", "import:\(jobID):2"])
        await ingest.stop()
    }

    @Test func aLargeWorkbookPartArrivingInManyChunksIsStoredByteForByte() async throws {
        let ingest = try IngestHarness()
        // Given a 2 MB workbook (binary: it holds CR, LF and dashes) sent as the part named file, the purpose in
        // the query
        let rows: [(row: Int, cells: [(column: String, cell: TestFiles.Cell)])] = (2...20_001).map { row in
            (row, [("A", .inline("1380\(String(format: "%07d", row))"))])
        }
        let workbook = try TestFiles.workbook([(1, [("A", .inline("mobile"))])] + rows)
        var form = Form()
        form.file(workbook, disposition: #"form-data; name="file""#)

        // When it is posted
        let answer = try await ingest.json(
            "POST", "/v1/imports?purpose=add&filename=big.xlsx", body: form.closed(), headers: form.headers)

        // Then the stored file is the workbook, every row counted
        #expect(answer.status == 201)
        #expect(answer.json["format"] as? String == "xlsx")
        #expect(answer.json["file_size"] as? Int == workbook.count)
        #expect([answer.json["total"], answer.json["importable"]] as? [Int] == [20_000, 20_000])
        let jobID = try #require(answer.json["job_id"] as? String)
        let stored = try Data(
            contentsOf: URL(fileURLWithPath: ingest.directory.path + "/ingest-uploads/\(jobID).upload"))
        #expect(stored == workbook)
        await ingest.stop()
    }

    @Test func aFormWithoutAFileCutShortOrWithABadPurposeIsRefusedAndLeavesNothing() async throws {
        let ingest = try IngestHarness()
        let csv = Data("mobile\n13800000001\n".utf8)
        var noFile = Form()
        noFile.field("purpose", "add")
        var badPurpose = Form()
        badPurpose.field("purpose", "merge")
        badPurpose.file(csv, disposition: #"form-data; name="file"; filename="a.csv""#)
        var twoFiles = Form()
        twoFiles.file(csv, disposition: #"form-data; name="file"; filename="a.csv""#)
        twoFiles.file(csv, disposition: #"form-data; name="other"; filename="b.csv""#)
        var cutShort = Form()
        cutShort.file(csv, disposition: #"form-data; name="file"; filename="a.csv""#)

        for (body, headers, expected) in [
            (noFile.closed(), noFile.headers, "the form has no file"),
            (badPurpose.closed(), badPurpose.headers, "purpose must be one of"),
            (twoFiles.closed(), twoFiles.headers, "more than one file"),
            (cutShort.body.dropLast(2), cutShort.headers, "cut short"),
            (Data("no boundary here".utf8), noFile.headers, "the form has no file"),
            (badPurpose.closed(), ["Content-Type": "multipart/form-data"], "needs the boundary parameter"),
        ] {
            // When each is posted
            let answer = try await ingest.json("POST", "/v1/imports?filename=a.csv", body: body, headers: headers)

            // Then it is refused with the reason
            #expect(answer.status == 400)
            let message = (answer.json["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains(expected) == true, "\(message ?? "no message")")
        }
        // And no job or file is left behind
        #expect((try await ingest.json("GET", "/v1/imports").json["jobs"] as? [Any])?.count == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: ingest.directory.path + "/ingest-uploads")
        #expect(left == [])
        await ingest.stop()
    }
}
