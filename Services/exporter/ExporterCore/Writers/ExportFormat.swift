/// The file formats an export is written in.
enum ExportFormat: String, Sendable {
    case csv, xlsx

    /// The file's media type.
    var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}
