import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization
import Testing

@Suite("The shared consume loop: atomic batches, dead letters, shutdown", .timeLimit(.minutes(3)))
struct ConsumeLoopTests {
    struct SimulatedCrash: Error {}

    @Test func crashBetweenApplyAndCommitLosesNothingAndAppliesNothingTwice() async throws {
        // Given 50 items and a worker that crashes right after its first batch is durable, before Kafka hears of it
        let cluster = try TestCluster(extraTopics: [TestWorker.inputTopic])
        let directory = try TemporaryDirectory()
        let ids = (0..<50).map { String(format: "item-%03d", $0) }
        try await TestItems.send(ids, cluster: cluster)
        let crashed = Mutex(false)
        let first = try TestWorker.connect(cluster: cluster, directory: directory.path)
        let crashing = TestWorker.start(
            first, cluster: cluster,
            hooks: .init(afterApply: {
                let crashNow = crashed.withLock { done in
                    defer { done = true }
                    return !done
                }
                if crashNow { throw SimulatedCrash() }
            }))
        let outcome = await crashing.finished()
        #expect(throws: SimulatedCrash.self) { try outcome.get() }
        let appliedBeforeCrash = try TestItems.ids(first).count
        #expect(appliedBeforeCrash > 0)

        // When the worker restarts on the same store and the upstream re-sends the first ten items
        let second = try TestWorker.connect(cluster: cluster, directory: directory.path)
        let running = TestWorker.start(second, cluster: cluster)
        #expect(try await eventually { try TestItems.ids(second).count == 50 })
        try await TestItems.send(Array(ids.prefix(10)), cluster: cluster)
        #expect(
            try await eventually {
                second.metrics.render().contains("roster_messages_duplicate_total{worker=\"test-worker\"} 10")
            })
        _ = await running.stop()

        // Then every item is there exactly once, and the applied ids match
        #expect(try TestItems.ids(second) == ids)
        #expect(try await second.database.read { try Checkpoints.appliedCount($0) } == 50)
    }

    @Test func poisonMessageGoesToDeadLetterAndThePartitionMovesOn() async throws {
        // Given one partition holding a good item, a poison item, a message that is not JSON and another good item
        let cluster = try TestCluster(partitions: 1, extraTopics: [TestWorker.inputTopic])
        let directory = try TemporaryDirectory()
        try await TestItems.send(["a", "bad"], poison: ["bad"], cluster: cluster)
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        try await producer.send([
            OutgoingMessage(topic: cluster.topic(TestWorker.inputTopic), key: "garbage", value: Array("not json".utf8))
        ])
        try await TestItems.send(["b"], cluster: cluster)

        // When the worker consumes them
        let worker = try TestWorker.connect(cluster: cluster, directory: directory.path)
        let running = TestWorker.start(worker, cluster: cluster)
        #expect(try await eventually { try TestItems.ids(worker) == ["a", "b"] })
        let result = await running.stop()
        #expect(throws: Never.self) { try result.get() }

        // Then both bad messages are on the dead-letter topic with the reason and their origin
        let dead = try await TopicReader.read(cluster.topic("cdp.dead-letter"), cluster: cluster, atLeast: 2)
        #expect(dead.count == 2)
        let poison = try #require(dead.first { $0.keyString == "bad" })
        #expect(poison.header(DeadLetterHeaders.error)?.stringValue.contains("item bad is poison") == true)
        #expect(poison.header(DeadLetterHeaders.sourceTopic)?.stringValue == cluster.topic(TestWorker.inputTopic))
        #expect(poison.header(DeadLetterHeaders.sourcePartition)?.stringValue == "0")
        #expect(poison.header(DeadLetterHeaders.sourceOffset)?.stringValue == "1")
        #expect(poison.header(DeadLetterHeaders.worker)?.stringValue == "test-worker")
        let garbage = try #require(dead.first { $0.keyString == "garbage" })
        #expect(garbage.header(DeadLetterHeaders.sourceOffset)?.stringValue == "2")
        #expect(garbage.value == Array("not json".utf8))
        #expect(worker.metrics.render().contains("roster_messages_dead_lettered_total{worker=\"test-worker\"} 2"))
    }

    @Test func gracefulShutdownCommitsEverythingApplied() async throws {
        // Given a worker that applied 30 items
        let cluster = try TestCluster(extraTopics: [TestWorker.inputTopic])
        let directory = try TemporaryDirectory()
        try await TestItems.send((0..<30).map { "i\($0)" }, cluster: cluster)
        let worker = try TestWorker.connect(cluster: cluster, directory: directory.path)
        let running = TestWorker.start(worker, cluster: cluster)
        #expect(try await eventually { try TestItems.ids(worker).count == 30 })

        // When it is asked to stop, as SIGTERM does
        let result = await running.stop()

        // Then it ends cleanly, and the group's committed offsets equal the store's and the log's end
        #expect(throws: Never.self) { try result.get() }
        let admin = try KafkaAdmin.make(config: cluster.clientConfig)
        let partitions = (0..<cluster.partitions).map {
            TopicPartition(topic: cluster.topic(TestWorker.inputTopic), partition: $0)
        }
        let committed = try admin.committedOffsets(group: "test-worker", partitions: partitions)
        let stored = try await worker.database.read { try Checkpoints.positions($0, partitions) }
        #expect(committed == stored)
        #expect(try partitions.map { try admin.watermarks($0).high }.reduce(0, +) == 30)
        #expect(committed.values.reduce(0, +) == 30)
    }

    @Test func theBatchEndHookRunsOnceInEachBatchsTransaction() async throws {
        // Given 50 items and a worker whose applier writes one tally row at the end of each batch
        let cluster = try TestCluster(extraTopics: [TestWorker.inputTopic])
        let directory = try TemporaryDirectory()
        try await TestItems.send((0..<50).map { "i\($0)" }, cluster: cluster)
        let worker = try TestWorker.connect(cluster: cluster, directory: directory.path)

        // When it consumes them
        let running = TestWorker.start(worker, cluster: cluster, applier: TallyingItems())
        #expect(try await eventually { try TestItems.ids(worker).count == 50 })
        _ = await running.stop()

        // Then each batch left one row counting its items, and together they count every item once
        let batches = try TallyingItems.batches(worker)
        #expect(!batches.isEmpty)
        #expect(batches.allSatisfy { $0 > 0 })
        #expect(batches.reduce(0, +) == 50)
    }

    @Test func twoInstancesSplitPartitionsAndOneRebuildsTheOthersWhenItStops() async throws {
        // Given two instances of one worker, each with its own store, in one group
        let cluster = try TestCluster(partitions: 4, extraTopics: [TestWorker.inputTopic])
        let directoryA = try TemporaryDirectory()
        let directoryB = try TemporaryDirectory()
        let a = try TestWorker.connect(cluster: cluster, directory: directoryA.path)
        let b = try TestWorker.connect(cluster: cluster, directory: directoryB.path)
        let runningA = TestWorker.start(a, cluster: cluster)
        let runningB = TestWorker.start(b, cluster: cluster)
        func partitions(_ worker: WorkerContext) -> Int {
            worker.readiness.report(worker: "test-worker").consumers["items"]?.partitions.count ?? 0
        }
        #expect(
            try await eventually(timeout: .seconds(60)) {
                partitions(a) > 0 && partitions(b) > 0 && partitions(a) + partitions(b) == 4
            })

        // When 80 items arrive, then A stops and 80 more arrive
        let firstHalf = (0..<80).map { String(format: "first-%03d", $0) }
        try await TestItems.send(firstHalf, cluster: cluster)
        #expect(try await eventually { try TestItems.ids(a).count + TestItems.ids(b).count == 80 })
        #expect(try !TestItems.ids(a).isEmpty && !TestItems.ids(b).isEmpty)
        let stopA = await runningA.stop()
        #expect(throws: Never.self) { try stopA.get() }
        #expect(try await eventually(timeout: .seconds(60)) { partitions(b) == 4 })
        let secondHalf = (0..<80).map { String(format: "second-%03d", $0) }
        try await TestItems.send(secondHalf, cluster: cluster)
        #expect(try await eventually { try TestItems.ids(b).filter { $0.hasPrefix("second") }.count == 80 })
        _ = await runningB.stop()

        // Then the first half was split between the two, and B, taking over A's partitions with no state of them,
        // read them from the beginning: its store holds every item, once
        let idsA = try TestItems.ids(a)
        let idsB = try TestItems.ids(b)
        #expect(!idsA.isEmpty && idsA.allSatisfy { $0.hasPrefix("first") })
        #expect(idsB.sorted() == (firstHalf + secondHalf).sorted())
    }
}
