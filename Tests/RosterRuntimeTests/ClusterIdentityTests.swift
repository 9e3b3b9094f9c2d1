import Foundation
import GRDB
import RosterKafka
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("A worker's state is tied to one Kafka cluster", .timeLimit(.minutes(2)))
struct ClusterIdentityTests {
    @Test func newClusterIsRefusedByDefaultAndAcceptedWithTheFlag() throws {
        // Given a worker whose store recorded cluster A and an offset
        let directory = try TemporaryDirectory()
        let clusterA = try TestCluster(extraTopics: [TestWorker.inputTopic])
        let idA = try KafkaAdmin.make(config: clusterA.clientConfig).clusterID()
        let first = try TestWorker.connect(cluster: clusterA, directory: directory.path)
        #expect(first.clusterOutcome == .recorded)
        try first.database.write {
            try Checkpoints.save($0, [TopicPartition(topic: "x", partition: 0): 42])
        }

        // When it starts against a new cluster B (a restarted dev broker)
        let clusterB = try TestCluster(extraTopics: [TestWorker.inputTopic])
        let idB = try KafkaAdmin.make(config: clusterB.clientConfig).clusterID()
        #expect(idA != idB)

        // Then it refuses by default, naming both ids
        let refusal = #expect(throws: RosterError.self) {
            _ = try TestWorker.connect(cluster: clusterB, directory: directory.path)
        }
        #expect(refusal?.code == "cluster_changed")
        #expect(refusal?.message.contains(idA) == true)
        #expect(refusal?.message.contains(idB) == true)

        // And with the flag it keeps its state but forgets its offsets
        let accepted = try TestWorker.connect(cluster: clusterB, directory: directory.path, acceptNewCluster: true)
        #expect(accepted.clusterOutcome == .replaced(previous: idA))
        let positions = try accepted.database.read {
            try Checkpoints.positions($0, [TopicPartition(topic: "x", partition: 0)])
        }
        #expect(positions.isEmpty)
        let again = try TestWorker.connect(cluster: clusterB, directory: directory.path)
        #expect(again.clusterOutcome == .same)
    }
}
