import Foundation
import RosterModel

/// A page of contacts, as `GET /v1/contacts/search` and `GET /v1/contacts` answer it.
public struct ContactPage: Codable, Sendable, Equatable {
    /// How many contacts match, over all pages.
    public var total: Int
    /// The page, from 1.
    public var page: Int
    /// Contacts a page.
    public var pageSize: Int
    /// This page's contacts.
    public var contacts: [Row]

    /// One contact of the page.
    public struct Row: Codable, Sendable, Equatable {
        /// The contact's id.
        public var contactId: String
        /// Identifier values by kind (`mobile`, `email`, ...).
        public var identifiers: [String: [String]]
        /// Attribute values by key (only the asked-for columns when `columns` was given).
        public var attributes: [String: JSONValue]
        /// The contact's tags.
        public var tags: [String]
    }

    /// The page as a table — contact id, mobile, email, name, any other asked-for `columns`, tags — and a
    /// `N of TOTAL` line.
    public func table(columns: [String] = []) -> String {
        let extra = columns.filter { $0 != "name" }
        let rows = contacts.map { contact in
            [
                contact.contactId, Self.first(contact.identifiers["mobile"]), Self.first(contact.identifiers["email"]),
                contact.attributes["name"].map(TextFormat.cell) ?? "-",
            ] + extra.map { contact.attributes[$0].map(TextFormat.cell) ?? "-" }
                + [contact.tags.joined(separator: ", ")]
        }
        let header = ["CONTACT ID", "MOBILE", "EMAIL", "NAME"] + extra.map { $0.uppercased() } + ["TAGS"]
        let summary = TextFormat.pageSummary(
            count: contacts.count, total: total, page: page, pageSize: pageSize, noun: "contacts")
        return TextFormat.table(header, rows) + "\n\n" + summary
    }

    /// The first value, with `(+N)` when there are more, or `-` when there is none.
    private static func first(_ values: [String]?) -> String {
        guard let values, let first = values.first else { return "-" }
        return values.count > 1 ? "\(first) (+\(values.count - 1))" : first
    }
}
