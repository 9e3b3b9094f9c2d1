import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("Profile: dev.env parsing and precedence")
struct ProfileTests {
    @Test func devEnvFileSkipsCommentsAndBlanksAndUnquotesValues() throws {
        // Given a profile as `make run` might write it
        let text = """
            # written by make run

            ROSTER_TOKEN=dev-token
            export ROSTER_TENANT = dev
            ROSTER_INGEST_URL="http://127.0.0.1:8081"
            ROSTER_TOPIC_PREFIX='test.'
            ROSTER_BOOTSTRAP=127.0.0.1:9092=x
            """

        // When it is parsed
        let file = try DevEnvFile.parse(text, path: "/p/.data/dev.env")

        // Then every setting is read, with quotes and `export` removed and only the first `=` splitting
        #expect(
            file.values == [
                "ROSTER_TOKEN": "dev-token", "ROSTER_TENANT": "dev", "ROSTER_INGEST_URL": "http://127.0.0.1:8081",
                "ROSTER_TOPIC_PREFIX": "test.", "ROSTER_BOOTSTRAP": "127.0.0.1:9092=x",
            ])
    }

    @Test func devEnvLineWithoutEqualsIsAnErrorNamingItsLine() {
        // Given a profile whose third line is not KEY=VALUE
        let text = "ROSTER_TOKEN=t\n\nnot a setting\n"

        // When it is parsed, then the error names line 3 and the file
        let error = #expect(throws: RosterCLIError.self) { try DevEnvFile.parse(text, path: "dev.env") }
        #expect(error?.code == .invalidProfile)
        #expect(error?.message == "line 3 of dev.env is not KEY=VALUE")
        #expect(error?.details == [.init(row: 3, value: "not a setting", reason: "is not KEY=VALUE")])
    }

    @Test func environmentWinsOverTheFile() throws {
        // Given the same settings in the environment and in the file
        let file = DevEnvFile(
            path: "/p/.data/dev.env",
            values: [
                "ROSTER_TOKEN": "file-token", "ROSTER_INGEST_URL": "http://file:8081",
                "ROSTER_IDENTITY_URL": "http://file:8082",
            ])
        let environment = ["ROSTER_TOKEN": "env-token", "ROSTER_INGEST_URL": "http://env:9000/", "HOME": "/root"]

        // When the profile is made
        let profile = Profile(environment: environment, file: file)

        // Then the environment's values win, the file fills the rest, and other variables are ignored
        #expect(profile.token == "env-token")
        #expect(try profile.url(of: .ingest).absoluteString == "http://env:9000")
        #expect(try profile.url(of: .identityResolver).absoluteString == "http://file:8082")
        #expect(profile.values["HOME"] == nil)
        #expect(profile.file == "/p/.data/dev.env")
    }

    @Test func emptyEnvironmentVariableFallsBackToTheFile() {
        let file = DevEnvFile(path: "dev.env", values: ["ROSTER_TOKEN": "file-token"])

        let profile = Profile(environment: ["ROSTER_TOKEN": ""], file: file)

        #expect(profile.token == "file-token")
    }

    @Test func missingEndpointIsAnErrorNamingTheVariable() {
        // Given a profile without the segmenter's URL
        let profile = Profile(environment: ["ROSTER_INGEST_URL": "http://127.0.0.1:8081"], file: nil)

        // When its URL is asked for, then the error names ROSTER_SEGMENTER_URL
        let error = #expect(throws: RosterCLIError.self) { try profile.url(of: .segmenter) }
        #expect(error?.code == .missingSetting)
        #expect(error?.message.hasPrefix("ROSTER_SEGMENTER_URL is not set") == true)
        #expect(error?.details == [.init(field: "ROSTER_SEGMENTER_URL", reason: "is not set")])
        #expect(error?.exitCode == 1)
    }

    @Test func missingTokenNamesTheFileThatWasRead() {
        let profile = Profile(environment: [:], file: DevEnvFile(path: "/p/.data/dev.env", values: [:]))

        let error = #expect(throws: RosterCLIError.self) { try profile.requireToken() }

        #expect(error?.message == "ROSTER_TOKEN is not set in the environment or in /p/.data/dev.env")
    }

    @Test func endpointThatIsNotHTTPIsAnErrorNamingTheVariableAndValue() {
        let profile = Profile(environment: ["ROSTER_EXPORTER_URL": "localhost:8085"], file: nil)

        let error = #expect(throws: RosterCLIError.self) { try profile.url(of: .exporter) }

        #expect(error?.code == .invalidSetting)
        #expect(
            error?.details == [
                .init(field: "ROSTER_EXPORTER_URL", value: "localhost:8085", reason: "is not an http(s) URL")
            ])
    }

    @Test func everyWorkerHasItsOwnVariable() {
        #expect(
            Worker.allCases.map(\.urlSetting) == [
                "ROSTER_INGEST_URL", "ROSTER_IDENTITY_URL", "ROSTER_SEGMENTER_URL", "ROSTER_SOCIAL_URL",
                "ROSTER_EXPORTER_URL",
            ])
    }
}

@Suite("Profile: finding .data/dev.env")
struct DevEnvLocationTests {
    /// A fresh folder with `.data/dev.env` at its top and an empty nested folder; removed by the caller.
    private func makeTree() throws -> (root: URL, nested: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("roster-cli-\(UUID().uuidString)")
        let nested = root.appendingPathComponent("a/b", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".data"), withIntermediateDirectories: true)
        try "ROSTER_TOKEN=from-file\nROSTER_INGEST_URL=http://127.0.0.1:8081\n".write(
            to: root.appendingPathComponent(".data/dev.env"), atomically: true, encoding: .utf8)
        return (root.resolvingSymlinksInPath(), nested.resolvingSymlinksInPath())
    }

    @Test func walksUpFromTheCurrentDirectory() throws {
        // Given a tree whose top holds .data/dev.env
        let (root, nested) = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }

        // When the profile loads from two levels below, with the token also in the environment
        let profile = try Profile.load(environment: ["ROSTER_TOKEN": "from-env"], currentDirectory: nested.path)

        // Then the file is found, and the environment still wins
        #expect(profile.file == root.appendingPathComponent(".data/dev.env").path)
        #expect(profile.token == "from-env")
        #expect(try profile.url(of: .ingest).absoluteString == "http://127.0.0.1:8081")
    }

    @Test func dataDirectoryVariableIsUsedInsteadOfTheWalk() throws {
        let (root, nested) = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }

        // A relative ROSTER_DATA_DIR is taken from the current directory
        let relative = DevEnvFile.locate(environment: ["ROSTER_DATA_DIR": "../../.data"], currentDirectory: nested.path)
        #expect(relative == root.appendingPathComponent(".data/dev.env").path)

        // A ROSTER_DATA_DIR without dev.env finds nothing, even though a walk would
        let elsewhere = DevEnvFile.locate(environment: ["ROSTER_DATA_DIR": nested.path], currentDirectory: nested.path)
        #expect(elsewhere == nil)
    }

    @Test func noFileMeansNoProfileFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("roster-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        // Only files inside the temporary folder count, so a .data above it on this machine does not
        let located = DevEnvFile.locate(environment: [:], currentDirectory: root.path) { path in
            path.hasPrefix(root.path) && FileManager.default.fileExists(atPath: path)
        }

        #expect(located == nil)
    }
}
