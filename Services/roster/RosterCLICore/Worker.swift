/// The five workers the CLI talks to, each reached at the base URL one setting holds.
public enum Worker: String, CaseIterable, Sendable {
    case ingest
    case identityResolver = "identity-resolver"
    case segmenter
    case socialSync = "social-sync"
    case exporter

    /// The worker's name, as its `/readyz` and its logs give it.
    public var name: String { rawValue }

    /// The setting that holds the worker's base URL (`ROSTER_INGEST_URL`).
    public var urlSetting: String {
        switch self {
        case .ingest: Profile.Setting.ingestURL
        case .identityResolver: Profile.Setting.identityURL
        case .segmenter: Profile.Setting.segmenterURL
        case .socialSync: Profile.Setting.socialURL
        case .exporter: Profile.Setting.exporterURL
        }
    }
}
