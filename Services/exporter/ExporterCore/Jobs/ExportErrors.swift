import HTTPTypes
import RosterRuntime

extension RosterError {
    /// A job could not be completed (a file not writable, a request its tenant's metadata does not allow).
    static func exportFailed(_ message: String, details: [Detail] = []) -> RosterError {
        RosterError(code: "export_failed", message: message, details: details, status: .internalServerError)
    }
}
