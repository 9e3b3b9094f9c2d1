import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// One export file written from the worker's store, as a job writes it: the contacts its scope selects, the columns
/// asked for, in CSV or XLSX, then checksummed.
///
/// The rows are read by a `SnapshotReadAhead` on a thread of their own, as one consistent snapshot of the read
/// model, while this thread writes them; memory does not grow with the store's size or the row count.
public struct ExportFile: Sendable {
    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var rows: Int
        public var bytes: Int
        public var sha256: String
    }

    public let tenant: String
    public let scope: String
    public let target: String
    public let format: String
    public let attributes: [String]?

    /// The file of one request.
    public init(tenant: String, scope: String, target: String, format: String, attributes: [String]?) {
        self.tenant = tenant
        self.scope = scope
        self.target = target
        self.format = format
        self.attributes = attributes
    }

    /// Writes the file at `path` from the store at `databasePath`. `total` is told how many rows the file will hold
    /// before any is written; `progress` is told the rows written every `progressRows` rows and returns `false` to
    /// stop, which leaves the file incomplete and returns nil.
    public func write(
        databasePath: String, to path: String, progressRows: Int, total: (Int) throws -> Void,
        progress: (Int) throws -> Bool
    ) throws -> Summary? {
        guard let format = ExportFormat(rawValue: format) else {
            throw RosterError.invalid(
                "format \(format) is not csv or xlsx",
                details: [.init(field: "format", value: format, reason: "is not csv or xlsx")])
        }
        let scope = try ExportScope(scope: scope, target: target)
        let tenant = tenant
        let attributes = attributes
        let readAhead = SnapshotReadAhead(databasePath: databasePath) { db in
            let columns = try ExportColumns.load(db, tenant: tenant).select(attributes)
            let country = try MetadataCatalog.settings(db, tenant: tenant).defaultCountry ?? "CN"
            return ExportRows(
                tenant: tenant, scope: scope, columns: columns,
                normalizer: IdentifierNormalizer(defaultCountry: country))
        }
        defer { readAhead.stop() }
        guard case .start(let rows, let count) = try readAhead.next() else {
            throw RosterError.exportFailed("the export's rows were not read")
        }
        try total(count)
        let writer: any ExportSheetWriter =
            switch format {
            case .csv: CSVExportWriter(sink: try ByteSink(path: path))
            case .xlsx: try XLSXExportWriter(path: path)
            }
        try writer.begin(columns: rows.columns)
        var decoder = ExportRows.RowDecoder(rows)
        var written = 0
        var stopped = false
        while !stopped, case .snapshots(let chunk) = try readAhead.next() {
            try chunk.forEach { snapshot in
                guard try decoder.decode(snapshot) else { return true }
                try writer.write(decoder.cells)
                written += 1
                guard written % progressRows == 0 else { return true }
                stopped = !(try progress(written))
                return !stopped
            }
        }
        if stopped { return nil }
        try writer.finish()
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return Summary(rows: written, bytes: bytes, sha256: try FileChecksum.sha256(ofFile: path))
    }
}
