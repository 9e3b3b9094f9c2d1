import Foundation
import RosterModel

/// The records on `cdp.segment-status`: one per `cdp.profiles` partition this instance holds, keyed
/// `tenant/segment_id/partition`, with the segment's status and, among that partition's contacts, how many the
/// computation has evaluated and how many are members. Each chunk of a full computation reports `computing`, its
/// last chunk `completed`, a deletion `deleted`; summing a segment's records over the partitions gives its totals
/// whichever instances hold them.
struct SegmentStatusReport: Sendable {
    /// A partition's share of a full computation.
    struct Counts: Sendable, Equatable {
        /// Contacts of the partition when the computation began.
        var contacts = 0
        var evaluated = 0
        var members = 0
    }

    /// The `cdp.profiles` partitions this instance holds.
    let heldPartitions: @Sendable () -> [Int32]

    /// Reads the held partitions of `profilesTopic` from an assignment's descriptions (`topic[partition]`).
    init(profilesTopic: String, assignment: @escaping @Sendable () -> [String]) {
        heldPartitions = {
            assignment().compactMap { description in
                guard description.hasPrefix(profilesTopic + "["), description.hasSuffix("]") else { return nil }
                return Int32(description.dropFirst(profilesTopic.count + 1).dropLast())
            }
        }
    }

    /// The key and value of each partition's record: those held, and any other the counts name (contacts whose
    /// partition is not known, from a projection older than the partition column, are left out).
    func records(
        tenant: String, segment: String, status: String, version: Int, counts: [Int32: Counts], at: Date
    ) -> [(key: String, value: [String: JSONValue])] {
        let partitions = Set(heldPartitions()).union(counts.keys.filter { $0 >= 0 }).sorted()
        return partitions.map { partition in
            let share = counts[partition] ?? Counts()
            return (
                "\(tenant)/\(segment)/\(partition)",
                [
                    "schema": .string("roster.segment-status/v2"), "tenant": .string(tenant),
                    "segment_id": .string(segment), "partition": .int(Int64(partition)), "status": .string(status),
                    "members": .int(Int64(share.members)), "contacts_evaluated": .int(Int64(share.evaluated)),
                    "contacts_total": .int(Int64(share.contacts)), "definition_version": .int(Int64(version)),
                    "reported_at": .string(Timestamps.format(at)),
                ]
            )
        }
    }
}
