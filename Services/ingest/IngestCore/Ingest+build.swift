import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the ingest worker: a mirror of `cdp.metadata` and the HTTP API that turns calls into contact events.
public enum Ingest: WorkerDefinition {
    public static let name = "ingest"
    public static let defaultPort = 8081

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts.
    public static func build(config: WorkerConfig, logger: Logger) throws -> (
        group: ServiceGroup, worker: WorkerContext
    ) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            MetadataCatalog.registerMigrations(&migrator)
        }
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: IngestOpenAPI.document) { api in
            EventRoutes(worker: worker).add(to: api)
        }
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: MetadataCatalog())
        return (WorkerServices.serviceGroup(worker: worker, consumers: [metadata], router: router), worker)
    }
}
