import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SegmenterCore

@Suite("A segment's status through its full computation, over HTTP", .timeLimit(.minutes(2)))
struct SegmentStatusTests {
    static let china =
        #"{"name": "China", "type": "standard", "clusters": [{"join": "and", "conditions": [{"attribute": "location", "op": "equals", "value": "China"}]}]}"#

    /// A segmenter computing 10 contacts a chunk, each step held by `gate`, over 40 contacts: c00, c02, … in China,
    /// c01, c03, … in Japan.
    /// The China segment created, its computation held after its first chunk (10 of 40 contacts).
    static func chinaSegmentAQuarterComputed() async throws -> (StepGate, SegmenterHarness, String) {
        let gate = StepGate()
        let harness = try await Self.harness(gate)
        let created = try await harness.call("POST", "/v1/segments", body: Self.china)
        let id = try #require(created.json["segment_id"] as? String)
        #expect(try await gate.reached(.starting(segment: id)))
        gate.release()
        #expect(try await gate.reached(.recorded(segment: id, evaluated: 10, total: 40)))
        return (gate, harness, id)
    }

    static func harness(_ gate: StepGate) async throws -> SegmenterHarness {
        let harness = try await SegmenterHarness(
            settings: SegmenterSettings(tick: .seconds(3600), writeWait: .seconds(3), computationChunk: 10),
            computerHooks: .init(step: { gate.pass($0) }))
        try await harness.publish(
            profiles: (0..<40).map { index in
                let id = String(format: "c%02d", index)
                return (id, SegmenterHarness.profile(id, location: index % 2 == 0 ? "China" : "Japan"))
            })
        try await harness.waitForProjection(profiles: 40)
        return harness
    }

    @Test func notComputedThenComputingWithProgressThenCompleted() async throws {
        let gate = StepGate()
        let harness = try await Self.harness(gate)

        // When the segment is created and its computation has not begun
        let created = try await harness.call("POST", "/v1/segments", body: Self.china)

        // Then it is stored, not computed, without members
        #expect(created.status == 201)
        let id = try #require(created.json["segment_id"] as? String)
        #expect(created.json["status"] as? String == "not_computed")
        #expect(created.json["member_count"] as? Int == 0)
        #expect(created.json["progress"] == nil)
        #expect(try await gate.reached(.starting(segment: id)))

        // When its first chunk of 10 contacts is recorded
        gate.release()
        #expect(try await gate.reached(.recorded(segment: id, evaluated: 10, total: 40)))

        // Then its status is computing, 10 of 40 contacts evaluated, with the 5 members found so far
        let first = try await harness.call("GET", "/v1/segments/\(id)/status")
        #expect(
            first.json as NSDictionary == [
                "segment_id": id, "status": "computing", "version": 1, "member_count": 5,
                "progress": ["contacts_evaluated": 10, "contacts_total": 40],
            ])

        // And the list shows the same after the second chunk
        gate.release()
        #expect(try await gate.reached(.recorded(segment: id, evaluated: 20, total: 40)))
        let listed = try await harness.call("GET", "/v1/segments")
        let segment = try #require(
            (listed.json["segments"] as? [[String: Any]])?.first { $0["segment_id"] as? String == id })
        #expect(segment["status"] as? String == "computing")
        #expect(segment["member_count"] as? Int == 10)
        #expect(segment["progress"] as? NSDictionary == ["contacts_evaluated": 20, "contacts_total": 40])

        // When the rest is recorded
        gate.open()

        // Then it is completed with its 20 members, and each entered once
        #expect(
            try await eventually {
                try await harness.call("GET", "/v1/segments/\(id)/status").json["status"] as? String == "completed"
            })
        let done = try await harness.call("GET", "/v1/segments/\(id)/status")
        #expect(done.json["member_count"] as? Int == 20)
        #expect(done.json["progress"] == nil)
        #expect(done.json["computed_at"] is String)
        let entries = try await harness.membership { $0.filter { $0.segmentId == id }.count >= 20 }
        #expect(
            Set(entries.filter { $0.segmentId == id }.map(\.id))
                == Set(stride(from: 0, to: 40, by: 2).map { String(format: "\(id)-c%02d-v1-enter-1", $0) }))
        #expect(await harness.stop())
    }

    @Test func editDuringTheComputationComputesTheNewVersionInstead() async throws {
        let (gate, harness, id) = try await Self.chinaSegmentAQuarterComputed()

        // When it is edited to Japan while version 1 is a quarter computed
        let japan = Self.china.replacingOccurrences(of: "\"value\": \"China\"", with: "\"value\": \"Japan\"")
        let edited = try await harness.call("PUT", "/v1/segments/\(id)", body: japan)

        // Then version 2 is not computed yet and keeps the 5 members version 1 recorded
        #expect(edited.status == 200)
        #expect(edited.json["version"] as? Int == 2)
        #expect(edited.json["status"] as? String == "not_computed")
        #expect(edited.json["member_count"] as? Int == 5)

        // When the computer goes on
        gate.release()
        #expect(try await gate.reached(.starting(segment: id)))
        gate.open()

        // Then version 1's computation was given up and version 2's gives the 20 Japanese contacts
        #expect(
            try await eventually {
                try await harness.call("GET", "/v1/segments/\(id)/status").json["status"] as? String == "completed"
            })
        let japanese = Set(stride(from: 1, to: 40, by: 2).map { String(format: "c%02d", $0) })
        #expect(try harness.members(id) == japanese)
        let done = try await harness.call("GET", "/v1/segments/\(id)/status")
        #expect(done.json["member_count"] as? Int == 20)
        #expect(done.json["version"] as? Int == 2)
        let changes = try await harness.call("GET", "/v1/segments/\(id)/changes?limit=1000")
        let log = try #require(changes.json["changes"] as? [[String: Any]])
        #expect(log.filter { $0["definition_version"] as? Int == 1 }.count == 5)
        #expect(log.filter { $0["status"] as? String == "exited" }.count == 5)
        #expect(log.filter { $0["status"] as? String == "entered" }.count == 25)
        #expect(await harness.stop())
    }

    @Test func changesDuringTheComputationGoOnAndAgreeWithIt() async throws {
        let (gate, harness, id) = try await Self.chinaSegmentAQuarterComputed()

        // When, with a quarter computed, c01 (recorded) and c31 (not yet) move to China, c20 (not yet) to Japan,
        // c40 arrives from China, and c41 unsubscribes
        try await harness.publish(profiles: [
            ("c01", SegmenterHarness.profile("c01", location: "China")),
            ("c31", SegmenterHarness.profile("c31", location: "China")),
            ("c20", SegmenterHarness.profile("c20", location: "Japan")),
            ("c40", SegmenterHarness.profile("c40", location: "China")),
            ("c41", SegmenterHarness.profile("c41", subscriptions: Subscriptions(global: false))),
        ])

        // Then the incremental path applies them while the computation waits
        #expect(try await eventually { try harness.members("unsubscribed-global") == ["c41"] })
        #expect(try await eventually { try harness.members(id).isSuperset(of: ["c01", "c31", "c40"]) })
        #expect(
            try await eventually {
                try harness.worker.database.read { db in
                    try String.fetchOne(
                        db, sql: "SELECT snapshot FROM projected_profiles WHERE contact_id = 'c20'")
                }?.contains("Japan") == true
            })

        // And once the computation is done, its members are those of the contacts as they are now, each entered once
        gate.open()
        #expect(
            try await eventually {
                try await harness.call("GET", "/v1/segments/\(id)/status").json["status"] as? String == "completed"
            })
        let expected = Set(
            stride(from: 0, to: 40, by: 2).filter { $0 != 20 }.map { String(format: "c%02d", $0) } + [
                "c01", "c31", "c40",
            ])
        #expect(try harness.members(id) == expected)
        let status = try await harness.call("GET", "/v1/segments/\(id)/status")
        #expect(status.json["member_count"] as? Int == 22)
        let changes = try await harness.call("GET", "/v1/segments/\(id)/changes?limit=1000")
        let log = try #require(changes.json["changes"] as? [[String: Any]])
        #expect(log.count == 22)
        #expect(Set(log.compactMap { $0["contact_id"] as? String }) == expected)
        #expect(await harness.stop())
    }

    @Test func theStatusTopicReportsEachProfilesPartitionChunkByChunk() async throws {
        let (gate, harness, id) = try await Self.chinaSegmentAQuarterComputed()

        // When the computation of the China segment goes on to the end
        gate.open()
        #expect(
            try await eventually {
                try await harness.call("GET", "/v1/segments/\(id)/status").json["status"] as? String == "completed"
            })

        // Then cdp.segment-status holds, for each of the 2 partitions of cdp.profiles, a record per chunk: computing
        // after each of the first three, completed after the fourth
        var records: [String: [[String: JSONValue]]] = [:]
        _ = try await eventually {
            records = [:]
            for message in try await TopicReader.read(
                harness.cluster.topic("cdp.segment-status"), cluster: harness.cluster, atLeast: .max,
                timeout: .seconds(1))
            {
                guard let key = message.keyString, let value = message.value else { continue }
                records[key, default: []].append(try Topics.segmentStatus.decode(value))
            }
            return records.values.map(\.count) == [4, 4]
        }
        #expect(records.keys.sorted() == ["dev/\(id)/0", "dev/\(id)/1"])
        for (key, reports) in records {
            #expect(
                reports.map { $0["status"]?.text } == ["computing", "computing", "computing", "completed"], "\(key)")
            #expect(reports.allSatisfy { $0["definition_version"] == .int(1) && $0["segment_id"] == .string(id) })
        }
        func sum(_ field: String, _ chunk: Int) -> Int64 {
            records.values.reduce(0) { total, reports in
                if case .int(let value)? = reports[chunk][field] { return total + value }
                return total
            }
        }
        #expect((0..<4).map { sum("contacts_evaluated", $0) } == [10, 20, 30, 40])
        #expect((0..<4).map { sum("contacts_total", $0) } == [40, 40, 40, 40])
        #expect(sum("members", 3) == 20)

        // And each partition's figures are those of the contacts the projection holds from it
        let byPartition = try harness.worker.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.partition, COUNT(*) AS contacts, COUNT(m.contact_id) AS members
                    FROM projected_profiles p LEFT JOIN memberships m
                    ON m.tenant = p.tenant AND m.contact_id = p.contact_id AND m.segment_id = ? AND m.member = 1
                    GROUP BY p.partition ORDER BY p.partition
                    """, arguments: [id])
        }
        #expect(byPartition.map { $0["partition"] as Int } == [0, 1])
        for row in byPartition {
            let last = try #require(records["dev/\(id)/\(row["partition"] as Int)"]?.last)
            #expect(last["contacts_total"] == .int(row["contacts"]))
            #expect(last["members"] == .int(row["members"]))
        }
        #expect(await harness.stop())
    }
}
