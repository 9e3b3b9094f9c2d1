import Foundation
import RosterModel
import RosterRuntime

/// An uploaded file's format and how to read it as records.
public enum FileFormat: String, Codable, Sendable {
    case csv, xlsx

    /// A spreadsheet package starts with a zip header (`PK\3\4`); anything else is read as CSV.
    static func detect(path: String) throws -> FileFormat {
        try FileChunks.prefix(of: path, count: 4) == [0x50, 0x4B, 0x03, 0x04] ? .xlsx : .csv
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

/// Reads a whole file once: maps its header, then evaluates every data row in order.
struct ImportScanner {
    let path: String
    let format: FileFormat
    let purpose: ImportPurpose
    let catalog: ImportCatalog
    /// Whether verdicts carry attribute values; a reader that only counts or lists rows leaves them out.
    var keepsAttributes = true

    /// Reads the file in `encoding` (or the detected one): `onHeader` gets the mapped columns, `onRow` every record and
    /// its verdict in row order, and may return false to stop early. Throws `invalid_columns` for a header that does not map
    /// and `empty_file` for a file with no header.
    func scan(
        encoding: TextEncoding?, onHeader: (ColumnMapping, TextEncoding?) throws -> Void,
        onRow: (SourceRecord, RowVerdict) throws -> Bool
    ) throws {
        var (source, usedEncoding) = try format.open(path: path, encoding: encoding)
        var evaluator: RowEvaluator?
        let exactWidth = source.requiresExactWidth
        try source.forEach { record in
            guard evaluator != nil else {
                if let problem = record.problem {
                    throw RosterError(code: "invalid_columns", message: "the header row: \(problem)")
                }
                let mapping = try ColumnMapping.map(header: record.cells, purpose: purpose, catalog: catalog)
                try onHeader(mapping, usedEncoding)
                evaluator = RowEvaluator(
                    mapping: mapping, purpose: purpose, requiresExactWidth: exactWidth,
                    normalizer: IdentifierNormalizer(defaultCountry: catalog.defaultCountry),
                    blockedValues: catalog.blockedValues, keepsAttributes: keepsAttributes)
                return true
            }
            // Mutated in place: a copy would copy the seen keys on every row.
            return try onRow(record, evaluator!.evaluate(record))
        }
        guard evaluator != nil else {
            throw RosterError(code: "empty_file", message: "the file has no header row: it is empty")
        }
    }
}
