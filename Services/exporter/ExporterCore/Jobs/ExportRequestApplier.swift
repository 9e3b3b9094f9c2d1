import RosterKafka
import RosterModel
import RosterRuntime

/// Records each request on `cdp.exports.requests` as a queued job, once per tenant and export id. A request whose
/// scope, target or format is not valid goes to the dead-letter topic with the reason.
struct ExportRequestApplier: MessageApplier {
    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let value = message.value else { return }
        let request = try Topics.exportRequests.decode(value)
        try Self.validate(request)
        guard try context.firstTime("export-request:\(request.tenant)/\(request.id)") else { return }
        try ExportStore.record(request, in: context.db)
    }

    /// Checks what can be checked without the tenant's metadata: the scope and its target, and the format.
    static func validate(_ request: ExportRequest) throws {
        _ = try ExportScope(scope: request.scope, target: request.target)
        guard ExportFormat(rawValue: request.format) != nil else {
            throw RosterError.invalid(
                "format \(request.format) is not csv or xlsx",
                details: [.init(field: "format", value: request.format, reason: "is not csv or xlsx")])
        }
    }
}
