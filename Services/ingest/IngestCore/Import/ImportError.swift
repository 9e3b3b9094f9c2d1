import HTTPTypes
import RosterRuntime

/// The import's errors, each a `RosterError` with a stable code and a message naming what is at fault.
enum ImportError {
    /// A file that is not a readable .xlsx package.
    static func malformedSpreadsheet(_ reason: String) -> RosterError {
        RosterError(code: "unreadable_spreadsheet", message: "the file is not a readable .xlsx workbook: \(reason)")
    }

    /// An uploaded file that is gone from the data folder.
    static func fileMissing(_ path: String) -> RosterError {
        RosterError(
            code: "file_missing", message: "the uploaded file \(path) cannot be read", status: .internalServerError)
    }

    /// A file over the size limit.
    static func tooLarge(limit: Int) -> RosterError {
        RosterError(
            code: "file_too_large",
            message: "the file is larger than \(limit / (1024 * 1024)) MB, the most an import takes; split it",
            status: .contentTooLarge)
    }

    /// A job that does not exist for the caller's tenant.
    static func jobNotFound(_ id: String) -> RosterError {
        RosterError.notFound("import job \(id) does not exist")
    }

    /// A job whose state does not allow the request.
    static func conflict(_ message: String) -> RosterError {
        RosterError(code: "job_state", message: message, status: .conflict)
    }
}
