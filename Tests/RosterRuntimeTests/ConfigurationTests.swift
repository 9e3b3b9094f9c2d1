import ArgumentParser
import RosterRuntime
import Testing

@Suite("Worker configuration from flags, environment and defaults")
struct ConfigurationTests {
    @Test func environmentFillsWhatFlagsLeaveOpen() throws {
        // Given a topic prefix flag and environment values for the bootstrap and the prefix
        let options = try WorkerOptions.parse(["--topic-prefix", "flag."])
        let environment = [
            "ROSTER_BOOTSTRAP": "kafka:9092", "ROSTER_TOPIC_PREFIX": "env.",
            "ROSTER_TOKENS": "t1:dev:admin,t2:acme:read-only",
            "ROSTER_ACCEPT_NEW_CLUSTER": "yes", "ROSTER_BATCH_LINGER_MS": "25",
        ]

        // When resolved
        let config = try options.resolve(name: "ingest", defaultPort: 8081, environment: environment)

        // Then the flag wins, the environment fills the rest, defaults cover what neither gives
        #expect(config.topicPrefix == "flag.")
        #expect(config.bootstrapServers == "kafka:9092")
        #expect(config.httpPort == 8081)
        #expect(config.acceptNewCluster)
        #expect(config.batchSize == 1000)
        #expect(config.batchLinger == .milliseconds(25))
        #expect(
            try WorkerOptions.parse([]).resolve(name: "ingest", defaultPort: 1, environment: [:]).batchLinger
                == .milliseconds(10))
        #expect(config.tokens.principal(for: "t2") == Principal(tenant: "acme", role: .readOnly))
        #expect(config.databasePath == ".data/ingest.sqlite")
    }

    @Test func malformedTokenIsAStartupErrorNamingTheEntry() throws {
        let error = #expect(throws: RosterError.self) { try TokenTable(inline: "t1:dev:owner") }
        #expect(error?.message.contains("t1:dev:owner") == true)
    }

    @Test func tokensFileSkipsCommentsAndNamesBadLines() throws {
        let table = try TokenTable(fileContents: "# tokens\nabc dev admin\n\nxyz acme read-only\n")
        #expect(table.principal(for: "abc") == Principal(tenant: "dev", role: .admin))
        #expect(table.principal(for: "xyz") == Principal(tenant: "acme", role: .readOnly))
        let error = #expect(throws: RosterError.self) { try TokenTable(fileContents: "abc dev\n") }
        #expect(error?.message.contains("line 1") == true)
    }
}
