import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import IngestCore

@Suite("Preview counts and row verdicts")
struct ImportCountingTests {
    @Test func theManualsExampleFiveRowsOneDuplicateThreeInvalidTwoImported() throws {
        // Given 5 rows: a contact, the same mobile again, an empty line, a row without a primary key, another contact
        let csv = """
            mobile,email,name
            13800000001,,Ann
            138 0000 0001,,Ann again

            ,,Nobody
            ,bob@example.com,Bob

            """

        // When the file is scanned
        let result = try ScanResult.scan(csv: csv)

        // Then 5 scanned, 1 duplicate, 3 invalid (the duplicate among them), 2 to import
        #expect(result.counts == ImportCounts(total: 5, duplicate: 1, invalid: 3, importable: 2))
        #expect(result.verdicts.map(\.status) == [.importable, .duplicate, .invalid, .invalid, .importable])
        #expect(result.verdicts[1].problems.map(\.reason) == ["duplicates row 1 (mobile 8613800000001)"])
        #expect(result.verdicts[2].problems.map(\.reason) == ["is an empty row"])
        #expect(result.verdicts[3].problems.map(\.reason) == ["has no primary key: mobile, email are all empty"])
        #expect(result.verdicts[4].content.identifiers == ["email": "bob@example.com"])
    }

    @Test func aRowWithoutItsOnePrimaryKeyColumnSaysThatColumnIsEmpty() throws {
        let result = try ScanResult.scan(csv: "email,name\n,Ann\n")
        #expect(result.verdicts.map(\.problems).map { $0.map(\.reason) } == [["has no primary key: email is empty"]])
    }

    @Test func aSemicolonOrTabSeparatedFileIsReadByItsDelimiter() throws {
        // Given the same rows separated by semicolons (UTF-8) and by tabs (UTF-16 LE with its byte-order mark)
        let semicolons = "mobile;email;name\n13800000001;a@example.com;\"Li; Lei\"\n13800000002;b@example.com;Bo\n"
        let tabs = semicolons.replacingOccurrences(of: ";", with: "\t")
        let directory = try TemporaryDirectory()
        let utf16: [UInt8] = [0xFF, 0xFE] + tabs.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }

        // When both are scanned
        for result in [
            try ScanResult.scan(csv: semicolons),
            try ScanResult.scan(TestFiles.write(utf16, in: directory)),
        ] {
            // Then each has its three columns and both rows import
            #expect(result.counts == ImportCounts(total: 2, duplicate: 0, invalid: 0, importable: 2))
            #expect(
                result.verdicts.first?.content.identifiers == ["mobile": "13800000001", "email": "a@example.com"])
        }
        #expect(try ScanResult.scan(csv: semicolons).verdicts.first?.content.attributes["name"] == .string("Li; Lei"))
    }

    @Test func blockedPlaceholdersNeitherIdentifyRowsNorMakeThemDuplicates() throws {
        // Given rows sharing the placeholder test@test.com with different phones, a row whose only key is a
        // placeholder, and a value the tenant blocked
        let csv = """
            mobile,email
            13800000001,test@test.com
            13800000002,TEST@test.com
            ,test@test.com
            ,bot@acme.example

            """
        let catalog = ImportCatalog(blockedValues: BlockedIdentifierValues(blocked: ["bot@acme.example"]))

        // When the file is scanned with the tenant's blocklist
        let result = try ScanResult.scan(csv: csv, catalog: catalog)

        // Then the two phones import, and the rows keyed only by blocked values are invalid, naming the value
        #expect(result.counts == ImportCounts(total: 4, duplicate: 0, invalid: 2, importable: 2))
        #expect(result.verdicts.map(\.status) == [.importable, .importable, .invalid, .invalid])
        #expect(result.verdicts[2].problems.map(\.field) == ["email"])
        #expect(result.verdicts[2].problems.map(\.value) == ["test@test.com"])
        #expect(
            result.verdicts[3].problems.map(\.reason) == [
                "is a blocked placeholder value that never identifies a contact, and the row has no other primary key"
            ])
    }

    @Test func rowsWithMoreOrFewerColumnsThanTheHeaderAreInvalid() throws {
        let result = try ScanResult.scan(csv: "mobile,name\n13800000001,Ann,extra\n13800000002\n13800000003,Cy\n")

        #expect(result.counts == ImportCounts(total: 3, duplicate: 0, invalid: 2, importable: 1))
        #expect(result.verdicts[0].problems.map(\.reason) == ["has 3 columns; the header has 2"])
        #expect(result.verdicts[1].problems.map(\.reason) == ["has 1 column; the header has 2"])
    }

    @Test func aValueUnderAColumnWithoutHeaderIsInvalidAndItsReasonReadsPlainly() throws {
        let csv = "mobile,,name\n13800000001,x,Ann\n13800000002,,Bo\n"
        let result = try ScanResult.scan(csv: csv)

        #expect(result.counts == ImportCounts(total: 2, duplicate: 0, invalid: 1, importable: 1))
        let record = SourceRecord(row: 1, cells: ["13800000001", "x", "Ann"].map { SourceCell(text: $0) })
        #expect(PreviewRow(record, verdict: result.verdicts[0]).reasons == ["'x' is in column 2, which has no header"])
    }

    @Test func aMistypedValueNamesTheColumnRowAndValue() throws {
        let result = try ScanResult.scan(
            csv: "mobile,member_points,member_day,gender\n13800000001,many,2026-02-30,robot\n")

        let problems = result.verdicts[0].problems
        #expect(
            problems == [
                .init(row: 1, field: "member_points", value: "many", reason: "must be a number"),
                .init(row: 1, field: "member_day", value: "2026-02-30", reason: "must be a date YYYY-MM-DD"),
                .init(row: 1, field: "gender", value: "robot", reason: "must be one of male, female, unknown"),
            ])
        #expect(result.counts.invalid == 1)
    }

    @Test func valuesAreTypedAsTheResolverExpects() throws {
        let result = try ScanResult.scan(
            csv: "mobile,member_points,order_amount,member_day,last_purchase_at\n"
                + "13800000001,120,9.5,2026/3/7,2026-03-07 10:30:00\n")

        #expect(
            result.verdicts[0].content.attributes == [
                "member_points": .int(120), "order_amount": .double(9.5), "member_day": .string("2026-03-07"),
                "last_purchase_at": .string("2026-03-07T10:30:00Z"),
            ])
    }

    @Test func columnsMapByKeyOrByLabel() throws {
        let result = try ScanResult.scan(csv: "手机号,邮箱,姓名\n13800000001,a@example.com,Ann\n")

        #expect(result.columns.map(\.key) == ["mobile", "email", "name"])
        #expect(result.verdicts[0].content.identifiers == ["mobile": "13800000001", "email": "a@example.com"])
        #expect(result.verdicts[0].content.attributes == ["name": .string("Ann")])
    }

    @Test func labelsMatchInTraditionalCharactersAndAnyCase() throws {
        // Given a file from Taiwan whose headers are the preset labels in traditional characters, and a tenant label
        // written in another case
        let catalog = ImportCatalog(tenantAttributes: [
            AttributeDefinition(key: "shoe_size", label: "Shoe size", type: .number)
        ])
        let result = try ScanResult.scan(
            csv: "手機號,郵箱,姓名,地區,會員積分,SHOE SIZE\n13800000001,a@example.com,張三,臺北,12,42\n",
            catalog: catalog)

        // Then every column maps to its attribute, and the values stay as written
        #expect(result.columns.map(\.key) == ["mobile", "email", "name", "location", "member_points", "shoe_size"])
        #expect(result.verdicts[0].content.attributes["location"] == .string("臺北"))
    }

    @Test func aTenantPrimaryKeyIdentifiesARow() throws {
        let catalog = ImportCatalog(tenantAttributes: [
            AttributeDefinition(key: "card_no", label: "会员卡号", type: .text, primaryKey: true)
        ])
        let result = try ScanResult.scan(csv: "会员卡号,name\nC-1,Ann\nC-1,Ann twice\n", catalog: catalog)

        #expect(result.counts == ImportCounts(total: 2, duplicate: 1, invalid: 1, importable: 1))
        #expect(result.verdicts[0].content.identifiers == ["card_no": "C-1"])
    }

    @Test func unknownColumnsAreAnErrorNamingThem() throws {
        let error = try #require(throws: RosterError.self) {
            try ScanResult.scan(csv: "mobile,shoe_size,昵称\n13800000001,42,x\n")
        }
        #expect(error.code == "invalid_columns")
        #expect(error.details.map(\.field) == ["shoe_size", "昵称"])
        #expect(
            error.details.map(\.reason) == [
                "column 2 is not an attribute key or label of this tenant",
                "column 3 is not an attribute key or label of this tenant",
            ])
    }

    @Test func aFileWithoutAPrimaryKeyColumnIsRefused() throws {
        let error = try #require(throws: RosterError.self) { try ScanResult.scan(csv: "name\nAnn\n") }
        #expect(error.details.first?.reason.hasPrefix("the file has no primary-key column") == true)
    }

    @Test func aPhoneExcelTurnedIntoScientificNotationIsRejected() throws {
        let result = try ScanResult.scan(csv: "mobile,name\n8.86911E+11,Ann\n")

        #expect(result.counts.invalid == 1)
        #expect(
            result.verdicts[0].problems.first?.reason
                == "is in scientific notation (a spreadsheet rounded it); re-export it as text")
    }

    @Test func unsubscribeRowsNeedEventIdAndCreateTime() throws {
        let csv = """
            email,event_id,create_time
            a@example.com,e1,2026-03-01 08:00:00
            b@example.com,,2026-03-01
            c@example.com,e3,yesterday
            d@example.com,e1,2026-03-01T08:00:00Z

            """
        let result = try ScanResult.scan(csv: csv, purpose: .unsubscribeEmail)

        #expect(result.counts == ImportCounts(total: 4, duplicate: 0, invalid: 3, importable: 1))
        #expect(result.verdicts[0].content.eventID == "e1")
        #expect(result.verdicts[0].content.occurredAt == "2026-03-01T08:00:00Z")
        #expect(result.verdicts[1].problems.map(\.reason) == ["is required"])
        #expect(result.verdicts[2].problems.map(\.field) == ["create_time"])
        #expect(result.verdicts[3].problems.map(\.reason) == ["is already the event_id of row 1"])
    }

    @Test func anUnsubscribeFileWithoutEventColumnsIsRefused() throws {
        let error = try #require(throws: RosterError.self) {
            try ScanResult.scan(csv: "email\na@example.com\n", purpose: .unsubscribeGlobal)
        }
        #expect(error.details.compactMap(\.field) == ["event_id", "create_time"])
    }

    @Test func deleteFilesIgnoreAttributeColumnsButSayWhich() throws {
        let result = try ScanResult.scan(csv: "email,name\na@example.com,Ann\n", purpose: .delete)

        #expect(result.columns.map(\.role) == [.identifier(kind: "email", primaryKey: true), .ignored])
        #expect(result.verdicts[0].content == RowContent(identifiers: ["email": "a@example.com"]))
    }
}
