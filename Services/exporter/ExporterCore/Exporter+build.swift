import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the exporter: a read model of profiles, segment membership and metadata, the export API, the runner of
/// export jobs and the sweeper of old files.
public enum Exporter: WorkerDefinition {
    public static let name = "exporter"
    public static let defaultPort = 8085

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Runs the worker until SIGTERM, as its executable does.
    public static func run(config: WorkerConfig, logger: Logger, settings: ExporterSettings) async throws {
        do {
            try await build(config: config, logger: logger, settings: settings).group.run()
        } catch {
            logger.critical("worker stopped", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Connects and returns the process's services and shared parts; tests pass settings and hooks.
    public static func build(
        config: WorkerConfig, logger: Logger, settings: ExporterSettings = .init(),
        hooks: ExportRunner.Hooks = .init()
    ) throws -> (group: ServiceGroup, worker: WorkerContext, store: ExportStore, folder: ExportFolder) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            ProfileProjection.registerMigrations(&migrator)
            ExportStore.registerMigrations(&migrator)
            MetadataCatalog.registerMigrations(&migrator)
            SegmentMembers.registerMigrations(&migrator)
        }
        let store = ExportStore(database: worker.database)
        let folder = try ExportFolder(dataDirectory: config.dataDirectory)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: ExporterOpenAPI.document) { api in
            ExportRoutes(worker: worker, store: store, folder: folder).add(to: api)
        }
        // Every instance reads the whole of the read model's topics, so that any instance can export any tenant's
        // segment, category or search; the requests are shared across the group, so each job runs once.
        let readModel = ConsumeLoop.Spec(
            label: "read-model",
            assignment: .whole(topics: [
                worker.topicName(Topics.profiles), worker.topicName(Topics.segmentMembership),
                worker.topicName(Topics.metadata),
            ]),
            applier: TopicDispatch([
                worker.topicName(Topics.profiles): ProfileProjection(),
                worker.topicName(Topics.segmentMembership): SegmentMembers(),
                worker.topicName(Topics.metadata): MetadataCatalog(),
            ]))
        let requests = ConsumeLoop.Spec(
            label: "requests", assignment: .group(topics: [worker.topicName(Topics.exportRequests)]),
            applier: ExportRequestApplier())
        let runner = ExportRunner(worker: worker, store: store, folder: folder, settings: settings, hooks: hooks)
        let sweeper = ExportSweeper(worker: worker, store: store, folder: folder, settings: settings)
        // The shared group (consumers, HTTP, SIGTERM handling) runs inside this one beside the runner and the sweeper.
        // When it stops on SIGTERM, they are shut down gracefully too: a job in hand stops at its next progress
        // record and stays `running`, to be written again at the next start.
        let core = WorkerServices.serviceGroup(worker: worker, consumers: [readModel, requests], router: router)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: core, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: runner), .init(service: sweeper),
                ],
                logger: logger))
        return (group, worker, store, folder)
    }
}
