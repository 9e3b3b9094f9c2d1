import Foundation
import RosterModel
import RosterRuntime

/// An uploaded file's format and how to read it as records.
public enum FileFormat: String, Codable, Sendable {
    case csv, xlsx

    /// A spreadsheet package starts with a zip header (`PK\3\4`); anything else is read as CSV, unless its name or
    /// its first bytes say it is a workbook that is not an .xlsx package: an Excel 97-2003 `.xls` file, or a file
    /// named `.xlsx` that is not a zip. Those are refused with what to do, rather than read as CSV text.
    static func detect(path: String, fileName: String) throws -> FileFormat {
        let head = try FileChunks.prefix(of: path, count: 8)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        let name = fileName.lowercased()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || name.hasSuffix(".xls") {
            throw ImportError.malformedSpreadsheet(
                "it is an Excel 97-2003 (.xls) file; save it as .xlsx (Excel Workbook) or CSV and upload that")
        }
        if name.hasSuffix(".xlsx") || name.hasSuffix(".xlsm") {
            throw ImportError.malformedSpreadsheet(
                "\(fileName) is not a zip package as an .xlsx file is; save it from Excel again, or as CSV")
        }
        return .csv
    }

    /// The file as records, and the encoding a CSV is read in (nil for a spreadsheet).
    func open(path: String, encoding: TextEncoding?) throws -> (source: any RecordSource, encoding: TextEncoding?) {
        switch self {
        case .xlsx:
            return (try XLSXSource(path: path), nil)
        case .csv:
            let source = try CSVSource(path: path, encoding: encoding)
            return (source, source.encoding)
        }
    }
}

/// Reads a whole file once: maps its header, then checks every data row and finds duplicates in order. The rows are
/// read on a thread of their own (see `RecordPipeline`), which also checks four rows in seven of a file that is cheap
/// to read.
struct ImportScanner {
    let path: String
    let format: FileFormat
    let purpose: ImportPurpose
    let catalog: ImportCatalog
    /// Whether verdicts carry identifier and attribute values; a reader that only counts or lists rows leaves them out.
    var keepsAttributes = true

    /// What the reading thread made of a record.
    private enum ReadAhead {
        /// The header, mapped.
        case header(RowChecker)
        /// A data row it checked.
        case checked(CheckedRow)
        /// A data row left for the scanning thread to check.
        case unchecked
    }

    /// Reads the file in `encoding` (or the detected one): `onHeader` gets the mapped columns, `onRow` every record and
    /// its verdict in row order, and may return false to stop early. Throws `invalid_columns` for a header that does not map
    /// and `empty_file` for a file with no header.
    func scan(
        encoding: TextEncoding?, onHeader: (ColumnMapping, TextEncoding?) throws -> Void,
        onRow: (SourceRecord, RowVerdict) throws -> Bool
    ) throws {
        let (source, usedEncoding) = try format.open(path: path, encoding: encoding)
        let sharesChecks = source.readsCheaply
        let exactWidth = source.requiresExactWidth
        var readerChecker: RowChecker?
        let prepare = { [self] (record: SourceRecord) throws -> ReadAhead in
            guard let checker = readerChecker else {
                let checker = try self.checker(header: record, requiresExactWidth: exactWidth)
                readerChecker = checker
                return .header(checker)
            }
            // Four rows in seven: profiled, reading cost 0.5 µs a row, checking 3.4 and finding duplicates 1.0, so
            // the reading thread checking 4/7 of the rows leaves both threads about 2.4 µs a row (half each: 2.2 and 2.7).
            return sharesChecks && record.row % 7 < 4 ? .checked(checker.check(record)) : .unchecked
        }
        var evaluator: RowEvaluator?
        try RecordPipeline.forEach(in: source, preparing: prepare) { record, ahead in
            switch ahead {
            case .header(let checker):
                try onHeader(checker.mapping, usedEncoding)
                evaluator = RowEvaluator(checker: checker)
                return true
            // Mutated in place: a copy would copy the seen keys on every row.
            case .checked(let checked): return try onRow(record, evaluator!.deduplicated(checked))
            case .unchecked: return try onRow(record, evaluator!.evaluate(record))
            }
        }
        guard evaluator != nil else {
            throw RosterError(code: "empty_file", message: "the file has no header row: it is empty")
        }
    }

    /// The checker of the rows under `header`.
    private func checker(header: SourceRecord, requiresExactWidth: Bool) throws -> RowChecker {
        if let problem = header.problem {
            throw RosterError(code: "invalid_columns", message: "the header row: \(problem)")
        }
        return RowChecker(
            mapping: try ColumnMapping.map(header: header.cells, purpose: purpose, catalog: catalog),
            purpose: purpose, requiresExactWidth: requiresExactWidth,
            normalizer: IdentifierNormalizer(defaultCountry: catalog.defaultCountry),
            blockedValues: catalog.blockedValues, keepsAttributes: keepsAttributes)
    }
}
