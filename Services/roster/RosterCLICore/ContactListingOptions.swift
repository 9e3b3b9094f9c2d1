import ArgumentParser

/// The options every command that prints a page of contacts takes: category, columns and paging.
struct ContactListingOptions: ParsableArguments {
    @Option(help: "all, real_name, anonymous or wechat_fans (default all).")
    var category: ContactCategory?

    @Option(
        name: [.customLong("columns"), .customLong("attributes")],
        help: "Only these attributes, as keys separated by commas (name,member_points).")
    var columns: String?

    @OptionGroup var paging: PagingOptions

    /// The query for these options and the given conditions.
    func query(conditions: [String] = [], contains: [String] = [], tags: [String] = []) throws -> ContactSearchQuery {
        try ContactSearchQuery(
            conditions: conditions, contains: contains, tags: tags, category: category, columns: columns,
            paging: try paging.paging())
    }

    /// Asks the resolver for the page at `path` and prints it, as JSON or as a table.
    func print(_ query: ContactSearchQuery, from path: String, common: CommonOptions) async throws {
        try await common.run { output in
            let page = try await IdentityAPI.load().call("GET", path, query: query.queryItems)
            try output.result(page) {
                AnswerReading.text(page, as: ContactPage.self) { $0.table(columns: query.columns) }
            }
        }
    }
}
