import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the ingest worker: a mirror of `cdp.metadata`, the HTTP API that turns calls and uploaded files into
/// contact events, and the runner of import jobs.
public enum Ingest: WorkerDefinition {
    public static let name = "ingest"
    public static let defaultPort = 8081

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts; tests pass import settings and hooks.
    public static func build(
        config: WorkerConfig, logger: Logger, imports: ImportRunner.Settings = .init(),
        hooks: ImportRunner.Hooks = .init()
    ) throws -> (group: ServiceGroup, worker: WorkerContext, store: IngestStore) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            MetadataCatalog.registerMigrations(&migrator)
            IngestStore.registerMigrations(&migrator)
        }
        let store = IngestStore(database: worker.database)
        let uploads = try UploadFolder(dataDirectory: config.dataDirectory)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: IngestOpenAPI.document) { api in
            EventRoutes(worker: worker).add(to: api)
            ImportRoutes(worker: worker, store: store, uploads: uploads).add(to: api)
        }
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: MetadataCatalog())
        let runner = ImportRunner(worker: worker, store: store, uploads: uploads, settings: imports, hooks: hooks)
        // The shared group (consumers, HTTP, SIGTERM handling) runs inside this one beside the import runner. When it
        // stops on SIGTERM, the runner is shut down gracefully too: it finishes the chunk in hand and leaves the job
        // `importing`, to resume at the next start.
        let core = WorkerServices.serviceGroup(worker: worker, consumers: [metadata], router: router)
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
