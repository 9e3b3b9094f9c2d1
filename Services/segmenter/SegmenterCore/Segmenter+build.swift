import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the segmenter: a projection of profiles and activity, the metadata catalog, and its API.
public enum Segmenter: WorkerDefinition {
    public static let name = "segmenter"
    public static let defaultPort = 8083

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services and shared parts.
    public static func build(config: WorkerConfig, logger: Logger) throws -> (
        group: ServiceGroup, worker: WorkerContext
    ) {
        let worker = try WorkerContext.connect(config: config, logger: logger) { migrator in
            ProfileProjection.registerMigrations(&migrator)
            MetadataCatalog.registerMigrations(&migrator)
            ActivityProjection.registerMigrations(&migrator)
        }
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: SegmenterOpenAPI.document) { api in
            api.get("projection/counts") { _, context in
                let tenant = try context.caller().tenant
                return try worker.database.read { db in
                    ProjectionCounts(
                        profiles: try ProfileProjection.count(db, tenant: tenant),
                        activities: try ActivityProjection.count(db, tenant: tenant))
                }
            }
        }
        let contacts = ConsumeLoop.Spec(
            label: "contacts",
            assignment: .group(topics: [worker.topicName(Topics.profiles), worker.topicName(Topics.activity)]),
            applier: TopicDispatch([
                worker.topicName(Topics.profiles): ProfileProjection(),
                worker.topicName(Topics.activity): ActivityProjection(),
            ]))
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: MetadataCatalog())
        return (WorkerServices.serviceGroup(worker: worker, consumers: [contacts, metadata], router: router), worker)
    }

    struct ProjectionCounts: ResponseEncodable {
        var profiles: Int
        var activities: Int
    }
}
