import RosterKafka
import RosterModel

/// Every topic of the system as provisioning entries, for one deployment prefix and partition count.
public enum TopicPlan {
    public static func specs(prefix: String, partitions: Int32) -> [TopicSpec] {
        Topics.all.map { topic in
            TopicSpec(
                name: prefix + topic.baseName, partitions: partitions,
                config: ["cleanup.policy": topic.cleanupPolicy])
        }
    }
}
