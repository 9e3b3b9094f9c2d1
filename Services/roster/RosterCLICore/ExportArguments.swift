import Foundation
import RosterModel

/// What `roster export` asks the exporter for: the scope and its target, the format, the attributes, where the file
/// goes and who is told when it is ready. Checked before anything is sent.
public struct ExportArguments: Sendable, Equatable {
    /// `segment`, `category` or `search`.
    public var scope: String
    /// The segment id, the category, or the search conditions as a query string.
    public var target: String
    /// `csv` or `xlsx`.
    public var format: String
    /// Attribute keys, in order; empty means all.
    public var attributes: [String]
    /// The file to write.
    public var output: String
    /// Who the exporter's result message names, if anyone.
    public var notifyEmail: String?

    /// Checks the arguments; a usage error names the option and value at fault.
    public init(
        scope: String, target: String, format: String, attributes: String?, output: String, notifyEmail: String? = nil
    ) throws {
        guard ["csv", "xlsx"].contains(format) else {
            throw RosterCLIError.usage(
                "--format must be csv or xlsx: got \"\(format)\"",
                details: [.init(field: "--format", value: format, reason: "is not csv or xlsx")])
        }
        guard !output.isEmpty else {
            throw RosterCLIError.usage(
                "--output must name the file to write", details: [.init(field: "--output", reason: "is empty")])
        }
        self.scope = scope
        self.target = target
        self.format = format
        self.attributes = try attributes.map(Self.attributeKeys(from:)) ?? []
        self.output = output
        self.notifyEmail = notifyEmail
    }

    /// Splits `--attributes a,b` into attribute keys (letters, digits and `_`), dropping spaces around them.
    public static func attributeKeys(from text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if let bad = names.first(where: { !FieldAssignment.isFieldName($0) }) {
            let reason = bad.isEmpty ? "has an empty attribute key" : "names \"\(bad)\", which is not an attribute key"
            throw RosterCLIError.usage(
                "--attributes must be attribute keys separated by commas, like name,mobile: \(reason)",
                details: [.init(field: "--attributes", value: text, reason: reason)])
        }
        return names
    }

    /// The target of a search export: the search's conditions and category as a percent-encoded query string
    /// (`where=city%3DShanghai&tag=vip`), the form the exporter and the resolver's search read.
    public static func searchTarget(_ query: ContactSearchQuery) throws -> String {
        let items = query.queryItems
        guard !items.isEmpty else {
            throw RosterCLIError.usage(
                "export search needs at least one --where, --contains, --tag or --category",
                details: [.init(field: "--where", reason: "no condition given")])
        }
        return items.map { "\($0.name)=\(Endpoint.encoded($0.value))" }.joined(separator: "&")
    }

    /// The body of `POST /v1/exports`.
    public func body(requestedBy: String) throws -> Data {
        struct Body: Encodable {
            var scope: String
            var target: String
            var format: String
            var attributes: [String]?
            var notifyEmail: String?
            var requestedBy: String
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(
            Body(
                scope: scope, target: target, format: format, attributes: attributes.isEmpty ? nil : attributes,
                notifyEmail: notifyEmail, requestedBy: requestedBy))
    }
}
