import ArgumentParser

/// `roster contacts list`: the contacts of a category, a page at a time.
struct ContactsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List contacts, by category.",
        discussion: """
            Prints {"total", "page", "page_size", "contacts": [{"contact_id", "identifiers", "attributes", \
            "tags"}]}, or a table and "N of TOTAL".
            """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var listing: ContactListingOptions

    func validate() throws {
        _ = try CommonOptions.validating { try listing.query() }
    }

    func run() async throws {
        try await listing.print(try listing.query(), from: "/v1/contacts", common: common)
    }
}
