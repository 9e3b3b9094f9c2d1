import ArgumentParser

/// `roster contacts search`: contacts matching exact values, fuzzy text and tags, a page at a time.
struct ContactsSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search contacts by attribute, identifier and tag.",
        discussion: """
            Conditions are ANDed: each --where, --contains and --tag narrows the result. FIELD is an attribute key \
            or an identifier kind (mobile, email, member_id, wechat_openid, ...). Prints {"total", "page", \
            "page_size", "contacts": [{"contact_id", "identifiers", "attributes", "tags"}]}, or a table and \
            "N of TOTAL".
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("where"), help: "FIELD=VALUE: the field equals the value (repeatable).")
    var conditions: [String] = []

    @Option(help: "FIELD=TEXT: the field contains the text, ignoring case (repeatable).")
    var contains: [String] = []

    @Option(help: "The contact has this tag (repeatable).")
    var tag: [String] = []

    @OptionGroup var listing: ContactListingOptions

    func validate() throws {
        _ = try CommonOptions.validating { try query() }
    }

    func run() async throws {
        try await listing.print(try query(), from: "/v1/contacts/search", common: common)
    }

    private func query() throws -> ContactSearchQuery {
        try listing.query(conditions: conditions, contains: contains, tags: tag)
    }
}
