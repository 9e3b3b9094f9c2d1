import CRosterKafka

/// Owns (or borrows) an `rd_kafka_topic_partition_list_t`.
final class RDKafkaTopicPartitionList {
    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    private let owned: Bool

    /// A new list with the given offsets, destroyed with this object.
    init<S: Sequence>(_ entries: S) where S.Element == (TopicPartition, Int64) {
        let entries = Array(entries)
        let list = rd_kafka_topic_partition_list_new(Int32(max(entries.count, 1)))!
        for (partition, offset) in entries {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
        }
        self.pointer = list
        self.owned = true
    }

    convenience init(_ offsets: [TopicPartition: Int64]) {
        self.init(offsets.map { ($0.key, $0.value) })
    }

    /// Wraps a list librdkafka owns (a callback argument).
    init(borrowing pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        self.pointer = pointer
        self.owned = false
    }

    func withPointer<T>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) throws -> T) rethrows -> T {
        try body(pointer)
    }

    /// Each partition with its offset.
    func entries() -> [(TopicPartition, Int64)] {
        guard let pointer else { return [] }
        return (0..<Int(pointer.pointee.cnt)).map { index in
            let element = pointer.pointee.elems[index]
            return (TopicPartition(topic: String(cString: element.topic), partition: element.partition), element.offset)
        }
    }

    /// Replaces each offset with `transform(partition, current offset)`.
    func updateOffsets(_ transform: (TopicPartition, Int64) -> Int64) {
        guard let pointer else { return }
        for index in 0..<Int(pointer.pointee.cnt) {
            let element = pointer.pointee.elems[index]
            let partition = TopicPartition(topic: String(cString: element.topic), partition: element.partition)
            pointer.pointee.elems[index].offset = transform(partition, element.offset)
        }
    }

    deinit {
        if owned, let pointer { rd_kafka_topic_partition_list_destroy(pointer) }
    }
}
