import CRosterKafka
import Foundation

/// Owns one `rd_kafka_t` handle: created by `make`, destroyed in `deinit`.
final class RDKafkaClient: @unchecked Sendable {
    enum ClientType {
        case producer, consumer

        var raw: rd_kafka_type_t { self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER }
    }

    private let handle: OpaquePointer
    private let closeOnDeinit: Bool
    /// The object callbacks receive as their opaque; released only after the handle is destroyed.
    private let opaqueObject: AnyObject?

    private init(handle: OpaquePointer, closeOnDeinit: Bool, opaqueObject: AnyObject?) {
        self.handle = handle
        self.closeOnDeinit = closeOnDeinit
        self.opaqueObject = opaqueObject
    }

    /// Settings every handle starts from (`properties` override them).
    ///
    /// `socket.nagle.disable`: with Nagle's algorithm on (librdkafka's default), a small write that follows one not
    /// yet acknowledged waits for the peer's delayed ACK, 40 ms on Linux. Measured on the embedded broker (whose
    /// sockets take the settings of the handle that hosts it): a send of a consume batch's messages waited 43 ms (p50)
    /// for its acknowledgements with it, 6 ms without (5 of them `linger.ms`): the largest part of each hop's latency.
    static let defaults = ["socket.nagle.disable": "true"]

    /// Builds a conf from `defaults` and `properties`, lets `configure` install callbacks, and creates the handle.
    /// Callbacks receive `opaqueObject` (unretained) as their opaque pointer.
    static func make(
        type: ClientType, properties: [String: String], opaqueObject: AnyObject? = nil,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws -> RDKafkaClient {
        let conf = try RDKafkaConfig.make(defaults.merging(properties) { _, new in new })
        if let opaqueObject { rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(opaqueObject).toOpaque()) }
        configure(conf)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type.raw, conf, &errorText, 512) else {
            rd_kafka_conf_destroy(conf)  // rd_kafka_new only takes ownership on success
            throw KafkaError(.clientCreation, errorText.nullTerminatedString)
        }
        return RDKafkaClient(handle: handle, closeOnDeinit: type == .consumer, opaqueObject: opaqueObject)
    }

    /// Gives scoped access to the raw handle.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try body(handle)
    }

    /// Serves queued callbacks (delivery reports, logs) for up to `timeoutMilliseconds`.
    @discardableResult
    func poll(timeoutMilliseconds: Int32) -> Int32 {
        rd_kafka_poll(handle, timeoutMilliseconds)
    }

    /// Sends what the producer holds without waiting for `linger.ms`, and serves delivery reports, until nothing is in
    /// flight or `timeoutMilliseconds` pass; the flush only lasts as long as the call.
    func flushSlice(timeoutMilliseconds: Int32) {
        _ = rd_kafka_flush(handle, timeoutMilliseconds)
    }

    /// The cluster id the brokers report, or `nil` when none answered in time.
    func clusterID(timeoutMilliseconds: Int32) -> String? {
        guard let raw = rd_kafka_clusterid(handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_mem_free(handle, raw) }
        return String(cString: raw)
    }

    /// The partition count of each topic the cluster knows, from a metadata request.
    func partitionCounts(timeoutMilliseconds: Int32) throws -> [String: Int32] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.metadata, RDKafkaClient.describe(error), isRetriable: true)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var counts: [String: Int32] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            counts[String(cString: topic.topic)] = topic.partition_cnt
        }
        return counts
    }

    /// Low and high watermarks of a partition, asked of the leader.
    func queryWatermarks(_ partition: TopicPartition, timeoutMilliseconds: Int32) throws -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let error = rd_kafka_query_watermark_offsets(
            handle, partition.topic, partition.partition, &low, &high, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.metadata, "\(partition): \(RDKafkaClient.describe(error))", isRetriable: true)
        }
        return (low, high)
    }

    /// Waits for every queued message to be delivered, up to the timeout.
    func flush(timeoutMilliseconds: Int32) throws {
        let error = rd_kafka_flush(handle, timeoutMilliseconds)
        if error == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(.timeout, "flush did not finish in \(timeoutMilliseconds) ms", isRetriable: true)
        }
    }

    static func describe(_ error: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(error))
    }

    deinit {
        if closeOnDeinit { rd_kafka_consumer_close(handle) }
        rd_kafka_destroy(handle)
    }
}

/// Builds librdkafka configuration objects.
enum RDKafkaConfig {
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errorText, 512) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(.configuration, "\(key)=\(value): \(errorText.nullTerminatedString)")
            }
        }
        return conf
    }
}

extension [CChar] {
    /// The text of a C error buffer up to its terminating zero.
    var nullTerminatedString: String {
        String(decoding: prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
