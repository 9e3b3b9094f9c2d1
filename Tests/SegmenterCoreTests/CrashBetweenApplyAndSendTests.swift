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

@Suite("A crash in the middle of a full computation, between a chunk's commit and its sending", .timeLimit(.minutes(2)))
struct CrashBetweenApplyAndSendTests {
    @Test func restartComputesAgainAndSendsEveryEntryUnderItsIDAndNothingElse() async throws {
        // Given 40 contacts, half in China, applied, and a computer of 10 contacts a chunk that dies after its second
        // chunk committed, before sending what it queued
        let settings = SegmenterSettings(tick: .seconds(3600), computationChunk: 10)
        let first = try await SegmenterHarness(
            settings: settings,
            computerHooks: .init(step: { step in
                if step == .recorded(segment: "china", evaluated: 20, total: 40) {
                    throw RosterError(code: "crash", message: "simulated crash")
                }
            }))
        try await first.publish(
            profiles: (0..<40).map {
                let id = String(format: "c%02d", $0)
                return (id, SegmenterHarness.profile(id, location: $0 % 2 == 0 ? "China" : "Japan"))
            })
        try await first.waitForProjection(profiles: 40)

        // When the segment is defined and the process dies half-way through its computation
        let record = SegmentRecord(
            id: "def-china-1", tenant: "dev", kind: .segment, action: .upsert, segmentId: "china", version: 1,
            definition: try Fixture.definition(SegmentStatusTests.china), actor: "test", at: "2026-11-24T00:00:00Z")
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
        let (recorded, status) = try await first.worker.database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM segment_changelog WHERE segment_id = 'china'"),
                try String.fetchOne(db, sql: "SELECT status FROM segments WHERE segment_id = 'china'")
            )
        }
        #expect(recorded == 10)
        #expect(status == "computing")

        // And it restarts on the same store
        let second = try await SegmenterHarness(cluster: first.cluster, directory: first.directory, settings: settings)

        // Then the segment is computed again to completion, and the 20 entries arrive under their 20 ids (a message
        // queued before the crash may go out more than once with its id), none recorded twice
        #expect(
            try await eventually {
                try await second.call("GET", "/v1/segments/china/status").json["status"] as? String == "completed"
            })
        let expected = Set(stride(from: 0, to: 40, by: 2).map { String(format: "china-c%02d-v1-enter-1", $0) })
        var ids: Set<String> = []
        _ = try await eventually {
            let messages = try await second.membership(atLeast: .max, timeout: .seconds(1))
            ids = Set(messages.filter { $0.segmentId == "china" }.map(\.id))
            return ids.isSuperset(of: expected)
        }
        #expect(ids == expected)
        #expect(try await eventually { try second.worker.database.read { try Outbox.count($0) } == 0 })
        let status2 = try await second.call("GET", "/v1/segments/china/status")
        #expect(status2.json["member_count"] as? Int == 20)
        let changelog = try await second.worker.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM segment_changelog WHERE segment_id = 'china'")
        }
        #expect(changelog == 20)
        #expect(await second.stop())
    }
}
