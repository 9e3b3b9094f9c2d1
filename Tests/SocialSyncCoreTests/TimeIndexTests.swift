import GRDB
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Searches by time answered inside the time indexes")
struct TimeIndexTests {
    @Test(arguments: [
        ("subscribed_at", "social_contacts_by_subscribed_at"),
        ("customer_last_interaction_at", "social_contacts_by_customer_interaction"),
        ("team_last_interaction_at", "social_contacts_by_team_interaction"),
        ("team_last_marketing_at", "social_contacts_by_team_marketing"),
        ("last_checkout_at", "social_contacts_by_checkout"),
    ])
    func aSearchByTimeSubscriptionAndTagReadsOnlyItsTimeIndex(column: String, index: String) throws {
        // Given the worker's migrated database, whose time indexes hold only contacts that have the time
        let directory = try TemporaryDirectory()
        let database = try WorkerDatabase.open(
            path: directory.path + "/social.sqlite", migrations: SocialMigrations.register)
        let query = try ContactQuery(parameters: [
            ("channel", "line"), ("tag", "vip"), ("subscribed", "true"), (column, "2026-01-01..2026-01-31"),
        ])
        let (clause, arguments) = query.sql(tenant: "dev", tagBits: ["vip": 1])

        // When SQLite plans the search's count and its page
        let plans = try database.read { db in
            try [
                "SELECT COUNT(*) FROM social_contacts c WHERE \(clause)",
                "SELECT c.id FROM social_contacts c WHERE \(clause) ORDER BY c.id LIMIT 50",
            ].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                    .map { $0["detail"] as String }.joined(separator: "\n")
            }
        }

        // Then both read the range of that partial index alone, never the table
        for plan in plans {
            #expect(plan.contains("SEARCH c USING COVERING INDEX \(index) (tenant=? AND channel=? AND \(column)>?"))
        }
    }
}
