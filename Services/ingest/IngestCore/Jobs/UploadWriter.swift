import Foundation
import Hummingbird
import RosterRuntime

/// Writes an upload's body to the uploads folder as it arrives, refusing a body over `UploadFolder.maxBytes`.
struct UploadWriter {
    let uploads: UploadFolder

    /// Stores the body as the job's file; returns its size. Nothing is kept when it fails.
    func store(_ body: RequestBody, jobID: String) async throws -> Int {
        let partial = uploads.partialFile(of: jobID)
        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial)
        else {
            throw RosterError(
                code: "storage", message: "cannot write the upload to \(uploads.path)", status: .internalServerError)
        }
        var size = 0
        do {
            for try await buffer in body {
                size += buffer.readableBytes
                guard size <= UploadFolder.maxBytes else { throw ImportError.tooLarge(limit: UploadFolder.maxBytes) }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        guard size > 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw RosterError.invalid("the upload is empty: send the file as the request body")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: uploads.file(of: jobID))
        return size
    }
}
