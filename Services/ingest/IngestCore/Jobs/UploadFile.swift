import Foundation
import HTTPTypes
import NIOCore
import RosterRuntime

/// A job's file while its upload arrives: written to a partial file, refused past `UploadFolder.maxBytes`, and moved
/// into place only once complete. Bytes are written 1 MiB at a time: a form's parser hands over a CSV part line by
/// line, and a write per line made a 100 MB upload a million system calls.
final class UploadFile {
    private static let writeSize = 1 << 20
    private let uploads: UploadFolder
    private let jobID: String
    private let handle: FileHandle
    private var pending = Data()
    /// The bytes written so far.
    private(set) var size = 0

    /// Creates the job's partial file.
    init(uploads: UploadFolder, jobID: String) throws {
        self.uploads = uploads
        self.jobID = jobID
        let partial = uploads.partialFile(of: jobID)
        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial)
        else {
            throw RosterError(
                code: "storage", message: "cannot write the upload to \(uploads.path)", status: .internalServerError)
        }
        self.handle = handle
    }

    /// Appends the buffer's readable bytes.
    func append(_ buffer: ByteBuffer) throws {
        size += buffer.readableBytes
        guard size <= UploadFolder.maxBytes else { throw ImportError.tooLarge(limit: UploadFolder.maxBytes) }
        buffer.withUnsafeReadableBytes { pending.append(contentsOf: $0) }
        if pending.count >= Self.writeSize { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Closes the file and moves it into place; an empty one is refused with `emptyMessage` and removed.
    func finish(emptyMessage: String) throws {
        try flush()
        try handle.close()
        guard size > 0 else {
            try? FileManager.default.removeItem(atPath: uploads.partialFile(of: jobID))
            throw RosterError.invalid(emptyMessage)
        }
        try FileManager.default.moveItem(atPath: uploads.partialFile(of: jobID), toPath: uploads.file(of: jobID))
    }

    /// Closes and removes the partial file after a failure.
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: uploads.partialFile(of: jobID))
    }
}
