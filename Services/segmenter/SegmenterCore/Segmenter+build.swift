import Foundation
import GRDB
import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle
import UnixSignals

/// Builds the segmenter: its store (projection, segments, memberships), its consumers, the relative-time ticker
/// and its API.
public enum Segmenter: WorkerDefinition {
    public static let name = "segmenter"
    public static let defaultPort = 8083

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(
            config: config, logger: logger,
            settings: SegmenterSettings(environment: ProcessInfo.processInfo.environment)
        ).group
    }

    /// Connects and returns the process's services (consumers, segment computer, ticker, then HTTP) and shared parts.
    public static func build(
        config: WorkerConfig, logger: Logger, settings: SegmenterSettings = SegmenterSettings(),
        hooks: ConsumeLoop.Hooks = .init(), computerHooks: SegmentComputer.Hooks = .init()
    ) throws -> (group: ServiceGroup, worker: WorkerContext, ticker: RelativeTimeTicker) {
        let worker = try WorkerContext.connect(config: config, logger: logger, migrations: registerMigrations)
        let plans = SegmentPlanCache(logger: logger)
        let columns = ColumnStore()
        let progress = ComputationProgress()
        let readiness = worker.readiness
        let report = SegmentStatusReport(profilesTopic: worker.topicName(Topics.profiles)) {
            readiness.report(worker: name).consumers["contacts"]?.partitions ?? []
        }
        let computer = SegmentComputer(
            worker: worker, plans: plans, columns: columns, progress: progress, report: report,
            chunk: settings.computationChunk, hooks: computerHooks)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: SegmenterOpenAPI.document) { api in
            api.get("projection/counts") { _, context in
                let tenant = try context.caller().tenant
                return try worker.database.read { db in
                    ProjectionCounts(
                        profiles: try ProfileProjection.count(db, tenant: tenant),
                        activities: try ActivityProjection.count(db, tenant: tenant))
                }
            }
            SegmentReadRoutes(worker: worker, columns: columns, progress: progress).add(to: api)
            SegmentWriteRoutes(writer: SegmentWriter(worker: worker, settings: settings, progress: progress)).add(
                to: api)
        }
        let profiles = worker.topicName(Topics.profiles)
        let contactChanges = ContactChangeApplier(plans: plans, columns: columns, profilesTopic: profiles)
        let contacts = ConsumeLoop.Spec(
            label: "contacts", assignment: .group(topics: [profiles, worker.topicName(Topics.activity)]),
            applier: contactChanges)
        let metadata = ConsumeLoop.Spec(
            label: "metadata", assignment: .whole(topics: [worker.topicName(Topics.metadata)]),
            applier: CatalogApplier(plans: plans))
        let definitions = ConsumeLoop.Spec(
            label: "definitions", assignment: .whole(topics: [worker.topicName(Topics.segmentDefinitions)]),
            applier: DefinitionApplier(plans: plans, report: report, computationsPending: { computer.wake() }))
        let ticker = RelativeTimeTicker(worker: worker, plans: plans, columns: columns, settings: settings)
        let loops: [any Service] = [contacts, metadata, definitions].map {
            ConsumeLoop(spec: $0, worker: worker, hooks: hooks)
        }
        let http = WorkerHTTP.buildApplication(worker: worker, router: router)
        let group = ServiceGroup(
            configuration: .init(
                services: (loops + [computer, ticker, http]).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        return (group, worker, ticker)
    }

    /// The segmenter's tables: the projection, the metadata catalog, segments and memberships.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        ProfileProjection.registerMigrations(&migrator)
        MetadataCatalog.registerMigrations(&migrator)
        ActivityProjection.registerMigrations(&migrator)
        SegmentTables.registerMigrations(&migrator)
    }

    struct ProjectionCounts: ResponseEncodable {
        var profiles: Int
        var activities: Int
    }
}
