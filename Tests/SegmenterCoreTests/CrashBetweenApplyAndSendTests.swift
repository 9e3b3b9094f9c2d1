import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization
import Testing

@testable import SegmenterCore

@Suite("A crash between a full computation's commit and its sending", .timeLimit(.minutes(2)))
struct CrashBetweenApplyAndSendTests {
    @Test func restartSendsEveryEntryUnderItsIDAndNothingElse() async throws {
        // Given 40 contacts, half in China, applied
        let armed = Mutex(false)
        let hooks = ConsumeLoop.Hooks(afterApply: {
            if armed.withLock({ $0 }) { throw RosterError(code: "crash", message: "simulated crash") }
        })
        let first = try await SegmenterHarness(hooks: hooks)
        try await first.publish(
            profiles: (0..<40).map {
                ("c\($0)", SegmenterHarness.profile("c\($0)", location: $0 % 2 == 0 ? "China" : "Japan"))
            })
        try await first.waitForProjection(profiles: 40)

        // When a segment definition is computed and the process dies before sending what it queued
        armed.withLock { $0 = true }
        let record = SegmentRecord(
            id: "def-china-1", tenant: "dev", kind: .segment, action: .upsert, segmentId: "china", version: 1,
            definition: try Fixture.definition(
                #"{"name": "China", "type": "standard", "clusters": [{"join": "and", "conditions": [{"attribute": "location", "op": "equals", "value": "China"}]}]}"#
            ), actor: "test", at: "2026-11-24T00:00:00Z")
        let producer = try KafkaProducer.make(config: first.cluster.clientConfig, logger: .init(label: "test"))
        try await producer.send([
            OutgoingMessage(
                topic: first.cluster.topic("cdp.segment-definitions"), key: record.key,
                value: try Topics.segmentDefinitions.encode(try record.payload))
        ])
        guard case .failure = await first.finished() else {
            Issue.record("the hook stops the worker")
            return
        }
        let queued = try await first.worker.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM roster_outbox WHERE topic LIKE '%segment-membership'")
        }
        #expect(queued == 20)

        // And it restarts on the same store
        let second = try await SegmenterHarness(cluster: first.cluster, directory: first.directory)

        // Then the 20 entries arrive, under their 20 ids (each worker loop drains the shared outbox when it starts,
        // so a queued message may go out more than once with its id), and the definition is not computed again
        let expected = Set(stride(from: 0, to: 40, by: 2).map { "china-c\($0)-v1-enter-1" })
        var ids: Set<String> = []
        _ = try await eventually {
            let messages = try await second.membership(atLeast: .max, timeout: .seconds(1))
            ids = Set(messages.filter { $0.segmentId == "china" }.map(\.id))
            return ids.isSuperset(of: expected)
        }
        #expect(ids == expected)
        #expect(try await eventually { try second.worker.database.read { try Outbox.count($0) } == 0 })
        let changelog = try await second.worker.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM segment_changelog WHERE segment_id = 'china'")
        }
        #expect(changelog == 20)
        #expect(await second.stop())
    }
}
