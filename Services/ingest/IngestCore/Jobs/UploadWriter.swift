import Hummingbird
import RosterRuntime

/// Writes an upload to the uploads folder as it arrives: the request body itself, or the file part of a
/// `multipart/form-data` body. Nothing is kept when it fails.
struct UploadWriter {
    let uploads: UploadFolder

    /// Stores the body as the job's file; returns its size.
    func store(_ body: RequestBody, jobID: String) async throws -> Int {
        let file = try UploadFile(uploads: uploads, jobID: jobID)
        do {
            for try await buffer in body { try file.append(buffer) }
            try file.finish(emptyMessage: "the upload is empty: send the file as the request body")
            return file.size
        } catch {
            file.discard()
            throw error
        }
    }

    /// Stores the form's file part as the job's file; returns the form's file name, text fields and the file's size.
    func storeForm(_ body: RequestBody, boundary: String, jobID: String) async throws -> FormUpload {
        let file = try UploadFile(uploads: uploads, jobID: jobID)
        do {
            let reader = FormUploadReader(boundary: boundary, file: file)
            for try await buffer in body { try reader.read(buffer) }
            var form = try reader.finish()
            try file.finish(emptyMessage: "the form's file part is empty")
            form.size = file.size
            return form
        } catch {
            file.discard()
            throw error
        }
    }
}
