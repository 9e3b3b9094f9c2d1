import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// Assembles a worker process: its consume loops, then its HTTP server, in one `ServiceGroup` that
/// shuts down gracefully on SIGTERM and SIGINT.
public enum WorkerServices {
    public static func serviceGroup(
        worker: WorkerContext, consumers: [ConsumeLoop.Spec], router: Router<RosterRequestContext>,
        hooks: ConsumeLoop.Hooks = .init()
    ) -> ServiceGroup {
        let loops: [any Service] = consumers.map { ConsumeLoop(spec: $0, worker: worker, hooks: hooks) }
        let http = WorkerHTTP.buildApplication(worker: worker, router: router)
        return ServiceGroup(
            configuration: .init(
                services: (loops + [http]).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: worker.logger))
    }
}
