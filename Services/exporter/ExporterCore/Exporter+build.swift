import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the exporter: a read model of profiles and segment membership, and its export jobs.
public enum Exporter: WorkerDefinition {
    public static let name = "exporter"
    public static let defaultPort = 8085

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts.
    public static func build(config: WorkerConfig, logger: Logger) throws -> (
        group: ServiceGroup, worker: WorkerContext
    ) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            ProfileProjection.registerMigrations(&migrator)
            ExportJobs.registerMigrations(&migrator)
        }
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: ExporterOpenAPI.document) { api in
            api.get("exports") { _, context in
                let tenant = try context.caller().tenant
                return ExportJobs.List(exports: try worker.database.read { try ExportJobs.list($0, tenant: tenant) })
            }
        }
        let readModel = ConsumeLoop.Spec(
            label: "read-model",
            assignment: .group(topics: [worker.topicName(Topics.profiles), worker.topicName(Topics.exportRequests)]),
            applier: TopicDispatch([
                worker.topicName(Topics.profiles): ProfileProjection(),
                worker.topicName(Topics.exportRequests): ExportJobs.RequestApplier(),
            ]))
        return (WorkerServices.serviceGroup(worker: worker, consumers: [readModel], router: router), worker)
    }
}
