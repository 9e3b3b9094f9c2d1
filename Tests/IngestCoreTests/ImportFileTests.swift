import Foundation
import IngestCore
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing
import ZIPFoundation

@Suite("Uploading files in other encodings and formats", .timeLimit(.minutes(3)))
struct ImportFileTests {
    let chinese = "手机号,姓名\n13800000001,张三丰\n13800000002,李四光明\n"

    @Test func utf16AndGb18030UploadsPreviewTheirRowsDecoded() async throws {
        let ingest = try IngestHarness()
        for (bytes, encoding) in [
            ([0xFF, 0xFE] + EncodedText.bytes(chinese, as: .utf16LE), "utf-16le"),
            (EncodedText.bytes(chinese, as: .utf16BE), "utf-16be"),
            (EncodedText.bytes(chinese, as: .gb18030), "gb18030"),
        ] {
            // When each file is uploaded
            let preview = try await ingest.upload(bytes, purpose: "add").json

            // Then its encoding is detected and its rows read as the same text
            #expect(preview["encoding"] as? String == encoding)
            #expect([preview["total"], preview["invalid"], preview["importable"]] as? [Int] == [2, 0, 2])
            let rows = preview["rows"] as? [[String: Any]]
            #expect(rows?.map { $0["cells"] as? [String] } == [["13800000001", "张三丰"], ["13800000002", "李四光明"]])
            #expect((preview["columns"] as? [[String: Any]])?.map { $0["key"] as? String } == ["mobile", "name"])
        }
        await ingest.stop()
    }

    @Test func aWrongEncodingIsFixedByPreviewingAgainWithTheRightOne() async throws {
        let ingest = try IngestHarness()
        // Given a GB18030 file whose header is ASCII and one name is Chinese
        let bytes = EncodedText.bytes("mobile,name\n13800000001,张三\n13800000002,Lee\n", as: .gb18030)
        let first = try await ingest.upload(bytes, purpose: "add", query: "&encoding=utf-8").json
        let jobID = try #require(first["job_id"] as? String)

        // Then read as UTF-8, the Chinese row is invalid with the reason, never imported as mojibake
        #expect([first["invalid"], first["importable"]] as? [Int] == [1, 1])
        let problem = (first["errors"] as? [[String: Any]])?.first
        #expect(problem?["field"] as? String == "name")
        #expect(
            problem?["reason"] as? String == "does not decode as UTF-8; choose the file's encoding and preview again")

        // When it is previewed again as GB18030
        let second = try await ingest.json("POST", "/v1/imports/\(jobID)/preview?encoding=gbk").json

        // Then every row is importable and the stored job reads the file that way
        #expect(second["encoding"] as? String == "gb18030")
        #expect([second["invalid"], second["importable"]] as? [Int] == [0, 2])
        #expect((second["errors"] as? [Any])?.isEmpty == true)
        #expect(try ingest.store.job(jobID: jobID, tenant: "dev").encoding == .gb18030)
        await ingest.stop()
    }

    @Test func anXlsxUploadImportsItsFirstSheet() async throws {
        let ingest = try IngestHarness()
        let workbook = try TestFiles.workbook([
            (1, [("A", .shared("手机号")), ("B", .shared("姓名")), ("C", .inline("order_count"))]),
            (2, [("A", .number("13800000001")), ("B", .shared("张三")), ("C", .number("3"))]),
            (3, [("A", .number("8.86911E+11")), ("B", .inline("Rounded"))]),
            (4, [("A", .inline("13800000004")), ("B", .inline("Lee"))]),
        ])
        let preview = try await ingest.upload(Array(workbook), purpose: "add").json
        let jobID = try #require(preview["job_id"] as? String)
        #expect(preview["format"] as? String == "xlsx")
        #expect([preview["total"], preview["invalid"], preview["importable"]] as? [Int] == [3, 1, 2])

        _ = try await ingest.start(jobID)
        #expect(try await ingest.waitFor(jobID, ["completed", "failed"])["status"] as? String == "completed")

        let events = try await ingest.events(atLeast: 2).map(\.event)
        #expect(events.map(\.id) == ["import:\(jobID):1", "import:\(jobID):3"])
        #expect(events[0].identifiers == ["mobile": "13800000001"])
        #expect(events[0].attributes == ["name": .string("张三"), "order_count": .int(3)])
        await ingest.stop()
    }

    @Test func aWorkbookThatIsNotAnXlsxPackageIsRefusedSayingWhatToDo() async throws {
        let ingest = try IngestHarness()
        // Given a text file named .xlsx, an Excel 97-2003 file (its compound-file header), and the same text as .csv
        let text = Array("mobile,name\n13800000001,Lee\n".utf8)
        let legacy: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        for (bytes, name, expected) in [
            (text, "contacts.xlsx", "contacts.xlsx is not a zip package"), (legacy, "contacts.xls", "Excel 97-2003"),
            (legacy, "upload", "Excel 97-2003"),
        ] {
            // When each is uploaded
            let answer = try await ingest.json("POST", "/v1/imports?purpose=add&filename=\(name)", body: Data(bytes))

            // Then it is refused as an unreadable workbook, naming why, with no job left behind
            let error = answer.json["error"] as? [String: Any]
            #expect(answer.status == 400)
            #expect(error?["code"] as? String == "unreadable_spreadsheet")
            #expect((error?["message"] as? String)?.contains(expected) == true)
        }
        #expect((try await ingest.json("GET", "/v1/imports").json["jobs"] as? [Any])?.count == 0)
        let csv = try await ingest.json("POST", "/v1/imports?purpose=add&filename=contacts.csv", body: Data(text))
        #expect(csv.json["importable"] as? Int == 1)
        await ingest.stop()
    }

    @Test func theTemplatesZipHoldsACsvAndAnXlsxPerPurposeWithTheTenantsAttributes() async throws {
        let ingest = try IngestHarness()
        let answer = try await ingest.call("GET", "/v1/imports/templates")
        #expect(answer.status == 200)

        let archive = try Archive(data: answer.body, accessMode: .read)
        let names = archive.map(\.path).sorted()
        #expect(
            names == [
                "add-or-update-contacts.csv", "add-or-update-contacts.xlsx", "delete-contacts.csv",
                "delete-contacts.xlsx", "unsubscribe-email.csv", "unsubscribe-email.xlsx", "unsubscribe-global.csv",
                "unsubscribe-global.xlsx", "unsubscribe-sms.csv", "unsubscribe-sms.xlsx",
            ])
        var csv = Data()
        _ = try archive.extract(archive["unsubscribe-sms.csv"]!) { csv.append($0) }
        #expect(String(decoding: csv, as: UTF8.self) == "\u{FEFF}mobile,email,member_id,event_id,create_time\r\n")

        // And the xlsx template uploads back as a file with no rows
        var xlsx = Data()
        _ = try archive.extract(archive["add-or-update-contacts.xlsx"]!) { xlsx.append($0) }
        let preview = try await ingest.upload(Array(xlsx), purpose: "add").json
        #expect(preview["status"] as? String == "previewed")
        #expect((preview["columns"] as? [[String: Any]])?.first?["key"] as? String == "mobile")
        #expect(preview["total"] as? Int == 0)
        await ingest.stop()
    }

    @Test func aFileWithUnknownColumnsIsRejectedNamingThemAndCannotStart() async throws {
        let ingest = try IngestHarness()
        let preview = try await ingest.upload(Array("mobile,shoe_size\n13800000001,42\n".utf8), purpose: "add").json
        let jobID = try #require(preview["job_id"] as? String)

        #expect(preview["status"] as? String == "rejected")
        let detail = (preview["errors"] as? [[String: Any]])?.first
        #expect(detail?["field"] as? String == "shoe_size")
        #expect(detail?["row"] as? Int == 0)
        #expect(try await ingest.start(jobID).status == 409)
        await ingest.stop()
    }

    @Test func theUserHeaderNamesWhoUploadedAndWhoStartedTheJobInItsList() async throws {
        // Given a file uploaded and started with the X-Roster-User header beside the older fields
        let ingest = try IngestHarness()
        let uploaded = try await ingest.json(
            "POST", "/v1/imports?purpose=add&created_by=query-user", body: Data("mobile\n13800000001\n".utf8),
            headers: ["X-Roster-User": "ann"])
        let jobID = try #require(uploaded.json["job_id"] as? String)
        let started = try await ingest.json(
            "POST", "/v1/imports/\(jobID)/start", body: Data(#"{"started_by":"body-user"}"#.utf8),
            headers: ["X-Roster-User": "bob"])
        #expect(started.status == 202)
        _ = try await ingest.waitFor(jobID, ["completed"])

        // When the jobs are listed
        let jobs = try await ingest.json("GET", "/v1/imports").json["jobs"] as? [[String: Any]]

        // Then the job names the header's users, who win over the query and the body
        let job = try #require(jobs?.first { $0["job_id"] as? String == jobID })
        #expect(job["created_by"] as? String == "ann")
        #expect(job["started_by"] as? String == "bob")
        #expect(job["status"] as? String == "completed")
        await ingest.stop()
    }

    @Test func writesNeedAnAdminTokenAndJobsStayWithinTheirTenant() async throws {
        let ingest = try IngestHarness()
        let readOnly = try await ingest.json(
            "POST", "/v1/imports?purpose=add", body: Data("mobile\n1\n".utf8), token: TestTokens.readOnly)
        #expect(readOnly.status == 403)
        let jobID = try #require(
            try await ingest.upload(Array("mobile\n13800000001\n".utf8), purpose: "add").json["job_id"] as? String)
        #expect(try await ingest.json("GET", "/v1/imports/\(jobID)", token: TestTokens.otherTenant).status == 404)
        #expect(try await ingest.json("POST", "/v1/imports?purpose=merge", body: Data("mobile\n".utf8)).status == 400)
        await ingest.stop()
    }
}
