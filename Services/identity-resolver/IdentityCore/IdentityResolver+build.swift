import Hummingbird
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Builds the identity resolver: its store, its consumer of `cdp.contact-events`, and its HTTP API.
public enum IdentityResolver: WorkerDefinition {
    /// The worker's name: its consumer group and database file.
    public static let name = "identity-resolver"
    /// The HTTP port when none is configured.
    public static let defaultPort = 8082

    public static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup {
        try build(config: config, logger: logger).group
    }

    /// Connects and returns the process's services, store first, consumers, then HTTP.
    public static func build(
        config: WorkerConfig, logger: Logger, hooks: ConsumeLoop.Hooks = .init()
    ) throws -> (group: ServiceGroup, worker: WorkerContext, store: IdentityStore) {
        let worker = try WorkerContext.connect(
            config: config, logger: logger, migrations: IdentityStore.registerMigrations)
        let store = IdentityStore(database: worker.database)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: IdentityOpenAPI.document) { api in
            IdentityRoutes(store: store, worker: worker).add(to: api)
            MetadataRoutes(store: store, worker: worker).add(to: api)
        }
        let consumer = ConsumeLoop.Spec(
            label: "contact-events", assignment: .group(topics: [worker.topicName(Topics.contactEvents)]),
            applier: ContactResolver { guardName in
                worker.metrics.count(
                    "identity_guard", help: "Joins left out by the over-merging guards, by guard.",
                    labels: [("guard", guardName)])
            })
        let group = WorkerServices.serviceGroup(worker: worker, consumers: [consumer], router: router, hooks: hooks)
        return (group, worker, store)
    }
}
