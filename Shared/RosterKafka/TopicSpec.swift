/// A topic to provision: its full name, partition count and topic-level configuration.
public struct TopicSpec: Sendable, Equatable {
    public var name: String
    public var partitions: Int32
    /// Topic configuration such as `cleanup.policy`; applied on a real cluster, ignored by the mock.
    public var config: [String: String]

    public init(name: String, partitions: Int32, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.config = config
    }
}

/// Creates topics that do not exist yet: the admin API on a real cluster, the mock's own call in the dev broker.
public protocol TopicProvisioner: Sendable {
    /// Creates every missing topic; existing ones are left as they are.
    func provision(_ topics: [TopicSpec]) throws
}
