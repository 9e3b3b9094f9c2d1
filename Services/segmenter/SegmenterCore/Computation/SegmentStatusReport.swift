import Foundation
import RosterModel

/// The record on `cdp.segment-status` after a full computation or a deletion, keyed
/// `tenant/segment_id/<profiles partitions this instance holds>`.
struct SegmentStatusReport: Sendable {
    /// The partitions of contacts this instance holds.
    let partitions: @Sendable () -> [String]

    /// The key and value reporting `status` with `members` of the contacts held, for a definition version.
    func record(
        tenant: String, segment: String, status: String, members: Int, version: Int, at: Date
    ) -> (key: String, value: [String: JSONValue]) {
        let partitions = partitions()
        return (
            "\(tenant)/\(segment)/\(partitions.joined(separator: "+"))",
            [
                "schema": .string("roster.segment-status/v1"), "tenant": .string(tenant),
                "segment_id": .string(segment), "status": .string(status), "members": .int(Int64(members)),
                "definition_version": .int(Int64(version)), "partitions": .array(partitions.map(JSONValue.string)),
                "computed_at": .string(Timestamps.format(at)),
            ]
        )
    }
}
