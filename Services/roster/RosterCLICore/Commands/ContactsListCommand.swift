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

    @Option(help: "all, real_name, anonymous or wechat_fans (default all).")
    var category: ContactCategory?

    @Option(help: "Only these attributes, as keys separated by commas (name,member_points).")
    var columns: String?

    @OptionGroup var paging: PagingOptions

    func validate() throws {
        _ = try CommonOptions.validating { try query() }
    }

    func run() async throws {
        try await common.run { output in
            let query = try query()
            let page = try await IdentityAPI.load().call("GET", "/v1/contacts", query: query.queryItems)
            try output.result(page) {
                AnswerReading.text(page, as: ContactPage.self) { $0.table(columns: query.columns) }
            }
        }
    }

    private func query() throws -> ContactSearchQuery {
        try ContactSearchQuery(category: category, columns: columns, paging: try paging.paging())
    }
}
