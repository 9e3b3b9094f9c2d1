import Foundation
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import SegmenterCore
import Testing

@Suite("The segmenter killed with SIGKILL mid-stream", .timeLimit(.minutes(3)))
struct SegmenterCrashRecoveryTests {
    static let contacts = 3000

    @Test func restartPublishesEveryEntryAndExitUnderItsOneID() async throws {
        // Given a segmenter process with a segment "member_points greater 50"
        let cluster = try TestCluster(partitions: 3)
        let directory = try TemporaryDirectory()
        let environment = cluster.workerEnvironment(directory: directory.path, batchSize: 100)
        let first = try WorkerProcess.launch("segmenter", environment: environment)
        let firstPort = try await first.readyPort()
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        let definition = SegmentDefinition(
            name: "Points", type: .standard,
            clusters: [
                Cluster(
                    join: .and,
                    conditions: [
                        .attribute(AttributeCondition(attribute: "member_points", op: .greater, value: .int(50)))
                    ])
            ])
        let record = SegmentRecord(
            id: "def-points-1", tenant: "dev", kind: .segment, action: .upsert, segmentId: "points", version: 1,
            definition: definition, actor: "test", at: "2026-11-24T00:00:00Z")
        try await producer.send([
            OutgoingMessage(
                topic: cluster.topic("cdp.segment-definitions"), key: record.key,
                value: try Topics.segmentDefinitions.encode(try record.payload))
        ])
        // And a stream where even contacts enter, then the first 500 drop their points and the last 500 are deleted
        func profile(_ index: Int, points: Int64, minute: Int) -> ProfileSnapshot {
            ProfileSnapshot(
                tenant: "dev", contactId: "c\(index)", eventId: "e\(index)-\(minute)", identifiers: [:],
                attributes: ["member_points": .int(points)], tags: [], subscriptions: Subscriptions(),
                createdAt: "2026-11-20T08:00:00Z", updatedAt: String(format: "2026-11-20T08:%02d:00Z", minute))
        }
        var messages: [OutgoingMessage] = try (0..<Self.contacts).map { index in
            OutgoingMessage(
                topic: cluster.topic("cdp.profiles"), key: "dev/c\(index)",
                value: try Topics.profiles.encode(profile(index, points: index % 2 == 0 ? 100 : 0, minute: 1)))
        }
        messages += try (0..<500).map { index in
            OutgoingMessage(
                topic: cluster.topic("cdp.profiles"), key: "dev/c\(index)",
                value: try Topics.profiles.encode(profile(index, points: 0, minute: 2)))
        }
        messages += (2500..<Self.contacts).map { index in
            OutgoingMessage(topic: cluster.topic("cdp.profiles"), key: "dev/c\(index)", value: nil)
        }
        try await producer.send(messages)

        // When it is killed -9 part-way through
        func held(_ port: Int) async throws -> Int {
            try await HTTPProbe.json("http://127.0.0.1:\(port)/v1/projection/counts", token: TestTokens.admin)[
                "profiles"]
                as? Int ?? 0
        }
        #expect(try await eventually(every: .milliseconds(10)) { try await held(firstPort) >= 300 })
        first.kill()

        // And restarted on the same store
        let second = try WorkerProcess.launch("segmenter", environment: environment)
        let secondPort = try #require(await second.httpPort())
        func members() async throws -> Int {
            try await HTTPProbe.json(
                "http://127.0.0.1:\(secondPort)/v1/segments/points/status", token: TestTokens.admin)["member_count"]
                as? Int ?? -1
        }
        #expect(
            try await eventually(timeout: .seconds(90)) {
                let profiles = try await held(secondPort)
                let count = try await members()
                return profiles == 2500 && count == 1000
            })

        // Then every entry and exit is on the topic, by id, and nothing else (a message sent before the kill but not
        // yet marked sent is sent again with the same id, which consumers drop)
        let expected =
            Set(stride(from: 0, to: Self.contacts, by: 2).map { "points-c\($0)-v1-enter-1" })
            .union(stride(from: 0, to: 500, by: 2).map { "points-c\($0)-v1-exit-2" })
            .union(stride(from: 2500, to: Self.contacts, by: 2).map { "points-c\($0)-v1-exit-2" })
        var ids: Set<String> = []
        _ = try await eventually(timeout: .seconds(60)) {
            ids = Set(
                try await TopicReader.read(
                    cluster.topic("cdp.segment-membership"), cluster: cluster, atLeast: .max, timeout: .seconds(3)
                ).compactMap(\.value).map { try Topics.segmentMembership.decode($0).id })
            return ids.isSuperset(of: expected)
        }
        #expect(expected.subtracting(ids).sorted() == [], "missing")
        #expect(ids.subtracting(expected).sorted() == [], "unexpected")
        #expect(second.terminate() == 0)
    }
}
