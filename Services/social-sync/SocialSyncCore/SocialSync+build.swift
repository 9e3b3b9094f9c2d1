import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the social-sync worker: channel contacts from `cdp.social-events`, linked to unified contacts.
public enum SocialSync: WorkerDefinition {
    public static let name = "social-sync"
    public static let defaultPort = 8084

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts.
    public static func build(config: WorkerConfig, logger: Logger) throws -> (
        group: ServiceGroup, worker: WorkerContext
    ) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            ChannelContactStore.registerMigrations(&migrator)
            MetadataCatalog.registerMigrations(&migrator)
        }
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: SocialSyncOpenAPI.document) { api in
            api.get("social/counts") { request, context in
                let tenant = try context.caller().tenant
                guard let channel = request.uri.queryParameters.get("channel"), Channel(rawValue: channel) != nil else {
                    throw RosterError.invalid(
                        "give ?channel= one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return try worker.database.read { try ChannelContactStore.counts($0, tenant: tenant, channel: channel) }
            }
        }
        let events = ConsumeLoop.Spec(
            label: "social-events", assignment: .group(topics: [worker.topicName(Topics.socialEvents)]),
            applier: SocialEventApplier())
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: MetadataCatalog())
        return (WorkerServices.serviceGroup(worker: worker, consumers: [events, metadata], router: router), worker)
    }
}

/// The messaging channels and the identifier kind each one's user id is to the resolver.
public enum Channel: String, CaseIterable, Sendable {
    case line, facebook, instagram, whatsapp, wechat

    /// The identifier kind on `cdp.contact-events`.
    public var identifierKind: String {
        switch self {
        case .line: "line_uid"
        case .facebook: "fb_psid"
        case .instagram: "ig_sid"
        case .whatsapp: "whatsapp"
        case .wechat: "wechat_openid"
        }
    }
}
