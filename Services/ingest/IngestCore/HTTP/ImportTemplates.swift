import Foundation
import RosterModel
import ZIPFoundation

/// The templates download: a zip with one CSV and one .xlsx template per purpose, whose headers are the tenant's
/// current attribute keys.
enum ImportTemplates {
    /// Attributes the platform sets itself, left out of the add template.
    static let systemKeys: Set<String> = ["contact_id", "created_at"]

    /// The header of a purpose's template.
    static func columns(for purpose: ImportPurpose, catalog: ImportCatalog) -> [String] {
        let ordered = catalog.ordered.filter { !systemKeys.contains($0.key) }
        switch purpose {
        case .add:
            return ordered.map(\.key)
        case .delete:
            return ordered.filter { catalog.identifierKinds.contains($0.key) }.map(\.key)
        case .unsubscribeEmail, .unsubscribeSMS, .unsubscribeGlobal:
            return ordered.filter { $0.primaryKey == true }.map(\.key)
                + [ColumnMapping.eventIDColumn, ColumnMapping.createTimeColumn]
        }
    }

    /// The zip's bytes.
    static func archive(catalog: ImportCatalog) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for purpose in ImportPurpose.allCases {
            let header = columns(for: purpose, catalog: catalog)
            let csv = Data((CSVText.byteOrderMark + CSVText.line(header)).utf8)
            let xlsx = try XLSXWriter.workbook(sheetName: purpose.rawValue, rows: [header])
            for (name, data) in [("\(purpose.templateName).csv", csv), ("\(purpose.templateName).xlsx", xlsx)] {
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        }
        return archive.data ?? Data()
    }
}
