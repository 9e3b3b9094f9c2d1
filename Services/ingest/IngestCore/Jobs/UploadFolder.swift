import Foundation

/// Where uploaded files are kept: `<data-dir>/ingest-uploads/<job>.upload`, until a fast import completes.
public struct UploadFolder: Sendable {
    /// The largest file an import takes: 100 MB.
    public static let maxBytes = 100 * 1024 * 1024
    /// Above this size (30 MB) an import may be slow, and the preview says so.
    public static let slowBytes = 30 * 1024 * 1024

    /// The folder's path.
    public let path: String

    /// The uploads folder inside a worker's data folder; created when missing. Partial files left by uploads that a
    /// crash cut short are removed: the worker owns its data folder, so no upload is under way when it starts, and
    /// their callers got no job id.
    public init(dataDirectory: String) throws {
        path = (dataDirectory as NSString).appendingPathComponent("ingest-uploads")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name))
        }
    }

    /// The stored file of a job.
    public func file(of jobID: String) -> String {
        (path as NSString).appendingPathComponent("\(jobID).upload")
    }

    /// Where an upload is written before it is complete.
    func partialFile(of jobID: String) -> String { file(of: jobID) + ".partial" }

    /// Deletes a job's stored file.
    func remove(jobID: String) {
        try? FileManager.default.removeItem(atPath: file(of: jobID))
    }

    /// The warning a preview gives for a large file, if any.
    static func sizeWarning(bytes: Int) -> String? {
        guard bytes > slowBytes else { return nil }
        let megabytes = String(format: "%.1f", Double(bytes) / 1_048_576)
        return "the file is \(megabytes) MB; above 30 MB an import may be slow"
    }
}
