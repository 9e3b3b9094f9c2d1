import Foundation
import RosterModel

/// Where the CLI finds the platform: worker URLs, the token and the tenant.
///
/// Each setting comes from its `ROSTER_*` environment variable, or else from the dev profile file
/// (`.data/dev.env`), so that the CLI works with no setup after `make run`. An empty variable counts as unset.
public struct Profile: Sendable, Equatable {
    /// The names of the settings the profile reads.
    public enum Setting {
        /// The bearer token sent to every worker API.
        public static let token = "ROSTER_TOKEN"
        /// The tenant the token belongs to.
        public static let tenant = "ROSTER_TENANT"
        /// The ingest worker's base URL.
        public static let ingestURL = "ROSTER_INGEST_URL"
        /// The identity-resolver's base URL.
        public static let identityURL = "ROSTER_IDENTITY_URL"
        /// The segmenter's base URL.
        public static let segmenterURL = "ROSTER_SEGMENTER_URL"
        /// The social-sync worker's base URL.
        public static let socialURL = "ROSTER_SOCIAL_URL"
        /// The exporter's base URL.
        public static let exporterURL = "ROSTER_EXPORTER_URL"
        /// The Kafka bootstrap servers.
        public static let bootstrap = "ROSTER_BOOTSTRAP"
        /// The prefix of every topic name.
        public static let topicPrefix = "ROSTER_TOPIC_PREFIX"
        /// The data folder that holds `dev.env`; only ever read from the environment.
        public static let dataDir = "ROSTER_DATA_DIR"

        /// Every setting the profile keeps.
        public static let all = [
            token, tenant, ingestURL, identityURL, segmenterURL, socialURL, exporterURL, bootstrap, topicPrefix,
        ]
    }

    /// The settings in effect, by name: the environment's over the file's.
    public let values: [String: String]
    /// The dev profile file that was read, if one was found.
    public let file: String?
    /// The settings whose value came from the file.
    private let fromFile: Set<String>
    /// Where the file was looked for, for errors when it was not found.
    private let searched: String

    /// Merges the environment over the dev profile file; only the settings in `Setting.all` are kept.
    /// `searched` says where the file was looked for, for the error when a setting is missing.
    public init(environment: [String: String], file: DevEnvFile?, searched: String = Profile.defaultSearch) {
        var values: [String: String] = [:]
        var fromFile: Set<String> = []
        for name in Setting.all {
            if let value = environment[name], !value.isEmpty {
                values[name] = value
            } else if let value = file?.values[name], !value.isEmpty {
                values[name] = value
                fromFile.insert(name)
            }
        }
        self.values = values
        self.file = file?.path
        self.fromFile = fromFile
        self.searched = searched
    }

    /// The profile of this process: its environment over the dev profile file found from `currentDirectory`.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> Profile {
        let path = DevEnvFile.locate(environment: environment, currentDirectory: currentDirectory)
        let searched =
            environment[Setting.dataDir].flatMap { $0.isEmpty ? nil : "\(DevEnvFile.name) was found in \($0)" }
            ?? defaultSearch
        return Profile(environment: environment, file: try path.map(DevEnvFile.read(path:)), searched: searched)
    }

    /// Where the file is looked for when `ROSTER_DATA_DIR` is not set.
    public static let defaultSearch = "\(DevEnvFile.defaultFolder)/\(DevEnvFile.name) was found here or above"

    /// The bearer token, if set.
    public var token: String? { values[Setting.token] }
    /// The tenant, if set.
    public var tenant: String? { values[Setting.tenant] }
    /// The Kafka bootstrap servers, if set.
    public var bootstrap: String? { values[Setting.bootstrap] }
    /// The topic prefix, if set.
    public var topicPrefix: String? { values[Setting.topicPrefix] }

    /// The bearer token; throws an error naming `ROSTER_TOKEN` when it is not set.
    public func requireToken() throws -> String {
        guard let token else { throw missing(Setting.token) }
        return token
    }

    /// A worker's base URL, without a trailing slash; throws an error naming its variable when it is not set or is
    /// not an http(s) URL.
    public func url(of worker: Worker) throws -> URL {
        let setting = worker.urlSetting
        guard let raw = values[setting] else { throw missing(setting) }
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw RosterCLIError(
                code: .invalidSetting, message: "\(setting) is not an http(s) URL: \(raw)\(origin(of: setting))",
                details: [.init(field: setting, value: raw, reason: "is not an http(s) URL")])
        }
        return url
    }

    private func missing(_ setting: String) -> RosterCLIError {
        let message =
            if let file {
                "\(setting) is not set in the environment or in \(file)"
            } else {
                "\(setting) is not set, and no \(searched) (export \(setting), set \(Setting.dataDir), "
                    + "or start the platform with `make run`)"
            }
        return RosterCLIError(
            code: .missingSetting, message: message, details: [.init(field: setting, reason: "is not set")])
    }

    private func origin(of setting: String) -> String {
        guard let file, fromFile.contains(setting) else { return "" }
        return " (from \(file))"
    }
}
