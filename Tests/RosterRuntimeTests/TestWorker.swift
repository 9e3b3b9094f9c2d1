import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import ServiceLifecycle
import Synchronization

/// A minimal worker for runtime tests: it stores `{"id": ..., "poison": bool}` items from one topic.
struct TestItems: MessageApplier {
    struct Item: Codable {
        var id: String
        var poison: Bool?
    }

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("test-items") { db in
            try db.execute(sql: "CREATE TABLE test_items (id TEXT PRIMARY KEY NOT NULL, partition INTEGER NOT NULL)")
        }
        migrator.registerMigration("test-batches") { db in
            try db.execute(sql: "CREATE TABLE test_batches (items INTEGER NOT NULL)")
        }
    }

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        let item = try WireCodec.decode(Item.self, from: message.value ?? [])
        if item.poison == true { throw RosterError.invalid("item \(item.id) is poison") }
        guard try context.firstTime(item.id) else { return }
        try context.db.execute(
            sql: "INSERT INTO test_items (id, partition) VALUES (?, ?)", arguments: [item.id, message.partition])
    }

    static func ids(_ worker: WorkerContext) throws -> [String] {
        try worker.database.read { try String.fetchAll($0, sql: "SELECT id FROM test_items ORDER BY id") }
    }

    /// Sends items keyed by their id to the test topic.
    static func send(_ ids: [String], poison: Set<String> = [], cluster: TestCluster) async throws {
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        try await producer.send(
            try ids.map { id in
                OutgoingMessage(
                    topic: cluster.topic(TestWorker.inputTopic), key: id,
                    value: try WireCodec.encode(Item(id: id, poison: poison.contains(id) ? true : nil)))
            })
    }
}

/// Test items stored as `TestItems` does, and, at the end of each batch, one row counting the items the batch stored.
final class TallyingItems: MessageApplier {
    private let inBatch = Mutex(0)

    func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        try TestItems().apply(message, context: context)
        inBatch.withLock { $0 += 1 }
    }

    func finishBatch(context: ApplyContext) throws {
        let items = inBatch.withLock { count in
            defer { count = 0 }
            return count
        }
        try context.db.execute(sql: "INSERT INTO test_batches (items) VALUES (?)", arguments: [items])
    }

    static func batches(_ worker: WorkerContext) throws -> [Int] {
        try worker.database.read { try Int.fetchAll($0, sql: "SELECT items FROM test_batches") }
    }
}

/// Starts test workers on a cluster.
enum TestWorker {
    static let inputTopic = "test.items"

    static func connect(
        cluster: TestCluster, directory: String, name: String = "test-worker", acceptNewCluster: Bool = false
    ) throws
        -> WorkerContext
    {
        var config = cluster.workerConfig(name: name, directory: directory)
        config.acceptNewCluster = acceptNewCluster
        return try WorkerContext.connect(
            config: config, logger: Logger(label: name), migrations: TestItems.registerMigrations)
    }

    static func start(
        _ worker: WorkerContext, cluster: TestCluster, applier: any MessageApplier = TestItems(),
        hooks: ConsumeLoop.Hooks = .init()
    ) -> RunningGroup {
        let spec = ConsumeLoop.Spec(
            label: "items", assignment: .group(topics: [cluster.topic(inputTopic)]), applier: applier)
        let router = WorkerHTTP.buildRouter(worker: worker, openAPI: OpenAPIDocument(title: "test worker", paths: ""))
        return RunningGroup(
            WorkerServices.serviceGroup(worker: worker, consumers: [spec], router: router, hooks: hooks))
    }
}
