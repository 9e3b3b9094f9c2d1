import Foundation
import GRDB
import HTTPTypes
import RosterModel

/// Ties a worker's state to one Kafka cluster, so that offsets recorded on one cluster are never used on another.
public enum ClusterIdentity {
    /// What `verify` found.
    public enum Outcome: Equatable, Sendable {
        /// First start: the id was recorded.
        case recorded
        /// The same cluster as before.
        case same
        /// A different cluster, accepted: state kept, offsets forgotten.
        case replaced(previous: String)
    }

    /// Records the cluster id on first start; on a different cluster throws naming both ids, unless
    /// `acceptNew`, in which case the recorded offsets are cleared and the new id recorded.
    public static func verify(_ database: DatabasePool, clusterID: String, acceptNew: Bool) throws -> Outcome {
        try database.write { db in
            let now = Timestamps.format(Date())
            guard let recorded = try String.fetchOne(db, sql: "SELECT cluster_id FROM roster_cluster") else {
                try db.execute(
                    sql: "INSERT INTO roster_cluster (singleton, cluster_id, recorded_at) VALUES (1, ?, ?)",
                    arguments: [clusterID, now])
                return .recorded
            }
            if recorded == clusterID { return .same }
            guard acceptNew else {
                throw RosterError(
                    code: "cluster_changed",
                    message: """
                        this worker's state belongs to Kafka cluster \(recorded), but the brokers report cluster \
                        \(clusterID); start with --accept-new-cluster yes (ROSTER_ACCEPT_NEW_CLUSTER=yes) to keep the \
                        state and read the new cluster from its beginning
                        """,
                    status: .internalServerError)
            }
            try Checkpoints.clearPositions(db)
            try db.execute(
                sql: "UPDATE roster_cluster SET cluster_id = ?, recorded_at = ? WHERE singleton = 1",
                arguments: [clusterID, now])
            return .replaced(previous: recorded)
        }
    }
}
