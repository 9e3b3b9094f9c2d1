import RosterRuntime

/// A CSV file as records: its encoding detected (or given), decoded cell by cell, read in chunks.
struct CSVSource: RecordSource {
    /// The encoding the file is read in.
    let encoding: TextEncoding
    var requiresExactWidth: Bool { true }
    var readsCheaply: Bool { true }
    private var reader: CSVReader
    private let decoder: CellDecoder

    /// Opens the file at `path` in `encoding`, or in the encoding detected from its first bytes when nil.
    init(path: String, encoding override: TextEncoding?) throws {
        let sample = try FileChunks.prefix(of: path, count: EncodingDetector.sampleSize)
        let choice = EncodingDetector.choose(
            sample, isWholeFile: sample.count < EncodingDetector.sampleSize, override: override)
        let encoding = choice.encoding
        let file = try FileChunks(path: path, skipping: choice.bomLength)
        let chunks: any ByteChunks =
            encoding.isASCIICompatible ? file : try UTF16ToUTF8Chunks(file, encoding: encoding)
        self.encoding = encoding
        self.reader = CSVReader(
            chunks, delimiter: CSVDelimiter.sniff(Self.asciiView(sample.dropFirst(choice.bomLength), encoding)))
        self.decoder = try CellDecoder(encoding: encoding)
    }

    /// The sample's text as ASCII bytes (anything else above 0x7F), for finding the delimiter: UTF-16 code units are
    /// taken two bytes at a time; every other encoding read here leaves ASCII bytes as they are.
    private static func asciiView(_ sample: ArraySlice<UInt8>, _ encoding: TextEncoding) -> [UInt8] {
        let bytes = Array(sample.prefix(64 * 1024))
        guard !encoding.isASCIICompatible else { return bytes }
        return stride(from: 0, to: bytes.count - 1, by: 2).map { index in
            let (low, high) = encoding == .utf16LE ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            return high == 0 && low < 0x80 ? low : 0x80
        }
    }

    mutating func forEach(_ body: (SourceRecord) throws -> Bool) throws {
        var row = 0
        var record = CSVRecord()
        while try reader.next(into: &record) {
            var cells: [SourceCell] = []
            cells.reserveCapacity(record.ends.count)
            record.forEachField { cells.append(decoder.decode($0)) }
            guard try body(SourceRecord(row: row, cells: cells, problem: record.problem)) else { return }
            row += 1
        }
    }
}
