import RosterRuntime
import Testing

@testable import IngestCore

/// Bytes handed over a few at a time, so that every split point between chunks is exercised.
struct SmallChunks: ByteChunks {
    var bytes: [UInt8]
    var size: Int

    mutating func next() throws -> [UInt8]? {
        guard !bytes.isEmpty else { return nil }
        let chunk = Array(bytes.prefix(size))
        bytes.removeFirst(chunk.count)
        return chunk
    }
}

extension CSVRecord {
    /// The fields' bytes, one array each.
    var fields: [[UInt8]] {
        zip([0] + ends.dropLast(), ends).map { Array(bytes[$0..<$1]) }
    }
}

extension CSVReader {
    /// The next record as a value of its own, or nil at the end.
    mutating func next() throws -> CSVRecord? {
        var record = CSVRecord()
        return try next(into: &record) ? record : nil
    }
}

@Suite("CSV reading, byte by byte")
struct CSVReaderTests {
    /// Every record of `text`, read in chunks of `size` bytes, as strings.
    func records(_ text: String, chunk size: Int = 3) throws -> [[String]] {
        var reader = CSVReader(SmallChunks(bytes: Array(text.utf8), size: size))
        var result: [[String]] = []
        while let record = try reader.next() {
            result.append(record.fields.map { String(decoding: $0, as: UTF8.self) })
        }
        return result
    }

    @Test func semicolonsOrTabsSeparateFieldsWhenTheHeaderHasNoComma() throws {
        // Given headers as spreadsheets in different locales write them
        let sniff = { (header: String) in CSVDelimiter.sniff(Array(header.utf8)) }

        // Then a comma outside quotes wins, else a semicolon, else a tab, else a comma
        #expect(sniff("mobile,email;x\n") == CSVDelimiter.comma)
        #expect(sniff("mobile;\"a,b\";name\n1,2,3\n") == CSVDelimiter.semicolon)
        #expect(sniff("mobile\temail\n1;2,3\n") == CSVDelimiter.tab)
        #expect(sniff("mobile\n1;2\n") == CSVDelimiter.comma)

        // And a reader given a semicolon splits on it alone, quotes and line ends as before
        var reader = CSVReader(
            SmallChunks(bytes: Array("a;\"b;c\";d,e\r\n1;2;3\n".utf8), size: 3),
            delimiter: CSVDelimiter.semicolon)
        var rows: [[String]] = []
        while let record = try reader.next() { rows.append(record.fields.map { String(decoding: $0, as: UTF8.self) }) }
        #expect(rows == [["a", "b;c", "d,e"], ["1", "2", "3"]])
    }

    @Test func aReusedRecordHoldsOnlyTheLatestFields() throws {
        // Given a reader that fills one record again and again
        var reader = CSVReader(SmallChunks(bytes: Array("long,row,\"x\"\nb\n".utf8), size: 5))
        var record = CSVRecord()

        // When it reads a long record and then a short one into it
        #expect(try reader.next(into: &record))
        #expect(try reader.next(into: &record))

        // Then the record holds the short one alone, and nothing is left after it
        #expect(record.fields == [Array("b".utf8)])
        #expect(record.problem == nil)
        #expect(try reader.next(into: &record) == false)
    }

    @Test func quotedFieldsKeepCommasEscapedQuotesAndLineBreaks() throws {
        // Given fields with a comma, a doubled quote and a CRLF inside quotes
        let text = "name,note\r\n\"Lee, Ann\",\"said \"\"hi\"\"\r\nthen left\"\r\n"

        // When it is read in chunks of every size from 1 to 7 bytes
        for size in 1...7 {
            // Then the two records come out exactly
            #expect(try records(text, chunk: size) == [["name", "note"], ["Lee, Ann", "said \"hi\"\r\nthen left"]])
        }
    }

    @Test func crLfAndCrlfAllEndRecordsAndAFinalLineBreakAddsNoRecord() throws {
        #expect(try records("a,b\rc,d\ne,f\r\ng,h\r\n") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(try records("a,b\nc,d") == [["a", "b"], ["c", "d"]])
    }

    @Test func emptyLinesAreRecordsOfOneEmptyField() throws {
        #expect(try records("a\n\n\nb\n") == [["a"], [""], [""], ["b"]])
        #expect(try records(",,\n") == [["", "", ""]])
    }

    @Test func anUnclosedQuoteIsReportedOnItsRecord() throws {
        var reader = CSVReader(SmallChunks(bytes: Array("a,b\n1,\"open\n".utf8), size: 4))
        _ = try reader.next()
        let record = try #require(try reader.next())
        #expect(record.problem == "column 2 opens a quote that is not closed before the end of the file")
        #expect(try reader.next() == nil)
    }

    @Test func textAfterAClosingQuoteIsAProblemNotSilentlyJoined() throws {
        var reader = CSVReader(SmallChunks(bytes: Array("\"ab\"cd,e\n".utf8), size: 2))
        let record = try #require(try reader.next())
        #expect(record.problem == "column 1 has text after its closing quote")
    }

    @Test func aRecordLongerThanOneMebibyteStopsTheRead() throws {
        let text = "a\n\"" + String(repeating: "x", count: CSVReader.maxRecordBytes + 1)
        var reader = CSVReader(SmallChunks(bytes: Array(text.utf8), size: 65536))
        _ = try reader.next()
        #expect(throws: (any Error).self) { try reader.next() }
    }
}
