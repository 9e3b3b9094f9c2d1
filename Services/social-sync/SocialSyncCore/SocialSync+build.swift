import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the social-sync worker: channel contacts from `cdp.social-events`, linked to unified contacts through
/// `cdp.profiles`, its HTTP API, and the runner of its import jobs.
public enum SocialSync: WorkerDefinition {
    public static let name = "social-sync"
    public static let defaultPort = 8084

    /// The process's services, for `WorkerMain`.
    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts: store first, consumers, then HTTP and imports.
    public static func build(
        config: WorkerConfig, logger: Logger, imports: SocialImportRunner.Settings = .init()
    ) throws -> (group: ServiceGroup, worker: WorkerContext, store: SocialStore) {
        let worker = try WorkerContext.connect(config: config, logger: logger, migrations: SocialMigrations.register)
        let store = SocialStore(database: worker.database)
        let publisher = SocialPublisher(worker: worker, store: store)
        let uploads = try SocialUploads(dataDirectory: config.dataDirectory)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: SocialSyncOpenAPI.document) { api in
            ContactRoutes(store: store, publisher: publisher).add(to: api)
            ListRoutes(store: store, publisher: publisher).add(to: api)
            OMORoutes(store: store, publisher: publisher).add(to: api)
            ImportRoutes(store: store, uploads: uploads).add(to: api)
        }
        let events = ConsumeLoop.Spec(
            label: "social-events", assignment: .group(topics: [worker.topicName(Topics.socialEvents)]),
            applier: SocialEventApplier())
        let profiles = ConsumeLoop.Spec(
            label: "profiles", assignment: .whole(topics: [worker.topicName(Topics.profiles)]),
            applier: ProfileLinkApplier())
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: MetadataCatalog())
        let runner = SocialImportRunner(store: store, publisher: publisher, uploads: uploads, settings: imports)
        let core = WorkerServices.serviceGroup(worker: worker, consumers: [events, profiles, metadata], router: router)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: core, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: runner),
                ],
                logger: logger))
        return (group, worker, store)
    }
}
