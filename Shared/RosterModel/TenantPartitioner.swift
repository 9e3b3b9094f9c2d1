/// Picks the partition of a topic that is partitioned by tenant while keyed by something longer
/// (`cdp.social-events`, keyed `tenant/channel/channel_user_id`): every message of a tenant lands on one partition,
/// so one consumer instance sees the whole tenant in order.
public enum TenantPartitioner {
    /// The partition of `tenant` among `count` partitions (FNV-1a of the tenant's UTF-8 bytes, modulo `count`).
    public static func partition(tenant: String, count: Int32) -> Int32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in tenant.utf8 {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return Int32(hash % UInt32(max(count, 1)))
    }
}
