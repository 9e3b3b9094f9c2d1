import Foundation

/// Who a bearer token is: its tenant and what it may do.
public struct Principal: Sendable, Equatable {
    public var tenant: String
    public var role: Role

    public init(tenant: String, role: Role) {
        self.tenant = tenant
        self.role = role
    }

    /// `admin` may read and write; `read-only` may only read.
    public enum Role: String, Sendable {
        case admin
        case readOnly = "read-only"
    }
}

/// Bearer tokens mapped to principals, from a tokens file or `ROSTER_TOKENS`.
public struct TokenTable: Sendable, Equatable {
    private var principals: [String: Principal] = [:]

    public init(_ principals: [String: Principal] = [:]) {
        self.principals = principals
    }

    /// Parses lines of `TOKEN TENANT ROLE`; blank lines and `#` comments are skipped.
    public init(fileContents: String) throws {
        for (index, line) in fileContents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            try add(parts, where: "tokens file line \(index + 1)")
        }
    }

    /// Parses `TOKEN:TENANT:ROLE,...`.
    public init(inline: String) throws {
        for entry in inline.split(separator: ",") {
            try add(entry.split(separator: ":").map(String.init), where: "token entry '\(entry)'")
        }
    }

    private mutating func add(_ parts: [String], where place: String) throws {
        guard parts.count == 3, let role = Principal.Role(rawValue: parts[2]) else {
            throw RosterError.startup("\(place): expected TOKEN TENANT ROLE with ROLE admin or read-only")
        }
        principals[parts[0]] = Principal(tenant: parts[1], role: role)
    }

    /// Adds the other table's tokens, replacing equal ones.
    public mutating func merge(_ other: TokenTable) {
        principals.merge(other.principals) { _, new in new }
    }

    /// The principal of a token, if it is known.
    public func principal(for token: String) -> Principal? { principals[token] }
}
