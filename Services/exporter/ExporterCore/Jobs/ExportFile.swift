import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// One export file written from the worker's store, as a job writes it: the contacts its scope selects, the columns
/// asked for, in CSV or XLSX, then checksummed.
///
/// The rows are read on a read-only connection of its own, without the pool's memory map and with a small page
/// cache, inside one transaction: the file is one consistent snapshot of the read model, and the process's memory
/// does not grow with the store's size or the row count.
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
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = 0")
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        let reader = try DatabaseQueue(path: databasePath, configuration: configuration)
        let written = try reader.read { db -> Int? in
            let columns = try ExportColumns.load(db, tenant: tenant).select(attributes)
            let country = try MetadataCatalog.settings(db, tenant: tenant).defaultCountry ?? "CN"
            let rows = ExportRows(
                tenant: tenant, scope: scope, columns: columns,
                normalizer: IdentifierNormalizer(defaultCountry: country))
            try total(try rows.count(db))
            let writer: any ExportSheetWriter =
                switch format {
                case .csv: CSVExportWriter(sink: try ByteSink(path: path))
                case .xlsx: try XLSXExportWriter(path: path)
                }
            try writer.begin(columns: columns)
            var written = 0
            var stopped = false
            try rows.forEach(db) { cells in
                try writer.write(cells)
                written += 1
                guard written % progressRows == 0 else { return true }
                stopped = !(try progress(written))
                return !stopped
            }
            if stopped { return nil }
            try writer.finish()
            return written
        }
        guard let written else { return nil }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return Summary(rows: written, bytes: bytes, sha256: try SHA256.hex(ofFile: path))
    }
}
