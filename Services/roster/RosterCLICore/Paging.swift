import ArgumentParser
import RosterModel

/// Which page of a list to ask for: `?page=` (from 1) and `?page_size=` (1 to 1000); unset means the worker's
/// default (page 1, 50 a page).
public struct Paging: Sendable, Equatable {
    /// The largest page size the workers serve.
    public static let maximumSize = 1000

    /// The page, from 1.
    public var page: Int?
    /// Entries a page.
    public var pageSize: Int?

    /// Paging left to the worker's defaults.
    public init() {}

    /// Makes paging; throws a usage error naming `--page` or `--page-size` when it is out of range.
    public init(page: Int?, pageSize: Int?) throws {
        if let page, page < 1 {
            throw RosterCLIError.usage(
                "--page must be 1 or more: got \(page)",
                details: [.init(field: "--page", value: String(page), reason: "must be 1 or more")])
        }
        if let pageSize, !(1...Self.maximumSize).contains(pageSize) {
            throw RosterCLIError.usage(
                "--page-size must be 1 to \(Self.maximumSize): got \(pageSize)",
                details: [.init(field: "--page-size", value: String(pageSize), reason: "must be 1 to 1000")])
        }
        self.page = page
        self.pageSize = pageSize
    }

    /// The query items for the pages given: `page`, then `page_size`.
    public var queryItems: [(name: String, value: String)] {
        (page.map { [("page", String($0))] } ?? []) + (pageSize.map { [("page_size", String($0))] } ?? [])
    }
}

/// `--page` and `--page-size`, for the commands that list pages.
struct PagingOptions: ParsableArguments {
    @Option(help: "The page to show, from 1 (default 1).")
    var page: Int?

    @Option(help: "Entries a page, 1 to 1000 (default 50).")
    var pageSize: Int?

    func validate() throws {
        _ = try CommonOptions.validating { try paging() }
    }

    /// The paging these options ask for.
    func paging() throws -> Paging {
        try Paging(page: page, pageSize: pageSize)
    }
}
