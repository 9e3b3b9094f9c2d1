import Foundation

/// Where export files are kept: `<data-dir>/exports/<tenant>/<export_id>.<csv|xlsx>` (names percent-encoded where
/// they hold anything but letters, digits, `-` and `_`), until the retention time ends.
public struct ExportFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// The exports folder inside a worker's data folder; created when missing.
    public init(dataDirectory: String) throws {
        path = (dataDirectory as NSString).appendingPathComponent("exports")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The finished file of a job.
    public func file(tenant: String, exportID: String, format: String) -> String {
        ((path as NSString).appendingPathComponent(Self.safe(tenant)) as NSString)
            .appendingPathComponent("\(Self.safe(exportID)).\(format)")
    }

    /// Where a job's file is written before it is complete.
    func partialFile(tenant: String, exportID: String, format: String) throws -> String {
        let final = file(tenant: tenant, exportID: exportID, format: format)
        try FileManager.default.createDirectory(
            atPath: (final as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return final + ".partial"
    }

    /// The API path that serves a job's file.
    public static func downloadPath(exportID: String) -> String {
        "/v1/exports/\(exportID.addingPercentEncoding(withAllowedCharacters: allowed) ?? exportID)/file"
    }

    private static let allowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static func safe(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
