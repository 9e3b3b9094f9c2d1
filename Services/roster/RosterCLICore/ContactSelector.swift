import ArgumentParser
import Foundation

/// How `roster contacts get` names a contact: by its id, or by one identifier.
public enum ContactSelector: Sendable, Equatable {
    /// The contact id.
    case id(String)
    /// An identifier kind (`mobile`, `email`, `wechat_openid`, ...) and its value as given; the resolver
    /// normalizes it.
    case identifier(kind: String, value: String)

    /// Builds the selector from the command's options; exactly one must be given, and `identifier` as KIND=VALUE.
    public init(id: String?, mobile: String?, email: String?, identifier: String?) throws {
        let given = [id, mobile, email, identifier].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("give exactly one of --id, --mobile, --email or --identifier")
        }
        if let id {
            self = .id(id)
        } else if let mobile {
            self = .identifier(kind: "mobile", value: mobile)
        } else if let email {
            self = .identifier(kind: "email", value: email)
        } else if let identifier, let equals = identifier.firstIndex(of: "="),
            case let kind = String(identifier[..<equals]), !kind.isEmpty,
            case let value = String(identifier[identifier.index(after: equals)...]), !value.isEmpty
        {
            self = .identifier(kind: kind, value: value)
        } else {
            throw ValidationError("--identifier must be KIND=VALUE, like wechat_openid=o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
        }
    }

    /// The resolver's URL for this contact: `/v1/contacts/ID` or `/v1/contacts?identifier=KIND:VALUE`.
    public func url(identityURL: URL) throws -> URL {
        switch self {
        case .id(let id):
            try Endpoint.url(identityURL, path: "/v1/contacts/" + Endpoint.encoded(id))
        case .identifier(let kind, let value):
            try Endpoint.url(identityURL, path: "/v1/contacts", query: [("identifier", "\(kind):\(value)")])
        }
    }
}
