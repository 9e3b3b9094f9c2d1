import CRosterKafka
import Foundation
import Logging

/// An idempotent Kafka producer (`acks=all`) with delivery reports and back-pressure.
///
/// `produce` enqueues and returns; when the local queue is full it waits for room instead of failing: its messages
/// wait up to `linger.ms` to fill a batch. `send` and `sendAndWait` wait until the broker has acknowledged every
/// message they were given, and their messages leave at once: while a caller waits, the poll thread flushes (librdkafka
/// treats `linger.ms` as elapsed during `rd_kafka_flush`) instead of only serving delivery reports. A caller that
/// waits has already handed over its whole batch, so lingering could only add latency: it was 5 ms on each hop of an
/// event through the workers (their outbox relays wait for acknowledgements).
public final class KafkaProducer: @unchecked Sendable {
    private let client: RDKafkaClient
    private let state: ProducerState
    private let topics: TopicHandleCache
    private let pollThread: PollThread
    /// The queue delivery reports arrive on; yielding it wakes the poll thread to start flushing.
    private let reportQueue: OpaquePointer

    private init(client: RDKafkaClient, state: ProducerState) {
        self.client = client
        self.state = state
        self.topics = TopicHandleCache(client: client)
        self.reportQueue = client.withHandle { rd_kafka_queue_get_main($0) }
        self.pollThread = PollThread(name: "kafka-producer-poll") {
            if state.hasWaitingCallers {
                client.flushSlice(timeoutMilliseconds: 10)
            } else {
                client.poll(timeoutMilliseconds: 100)
            }
        }
    }

    /// Connects a producer. Nothing is sent until the first message.
    public static func make(
        config: KafkaClientConfig, producer: KafkaProducerConfig = .init(), logger: Logger
    ) throws -> KafkaProducer {
        var properties: [String: String] = [
            "bootstrap.servers": config.bootstrapServers,
            "enable.idempotence": "true",
            "acks": "all",
            "compression.type": producer.compression,
            "linger.ms": String(producer.lingerMilliseconds),
            "queue.buffering.max.messages": String(producer.queueMessages),
            "queue.buffering.max.kbytes": "1048576",
            "batch.num.messages": "10000",
        ]
        properties.merge(config.nonConsumerProperties) { _, new in new }
        let state = ProducerState(logger: logger)
        let client = try RDKafkaClient.make(
            type: .producer, properties: properties, opaqueObject: state
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(
                conf,
                { _, message, opaque in
                    guard let message, let opaque else { return }
                    let error = message.pointee.err
                    let failure: KafkaError? =
                        error == RD_KAFKA_RESP_ERR_NO_ERROR
                        ? nil : KafkaError(.delivery, RDKafkaClient.describe(error), isRetriable: true)
                    Unmanaged<ProducerState>.fromOpaque(opaque).takeUnretainedValue().record(failure)
                    if let tracker = message.pointee._private {
                        Unmanaged<DeliveryTracker>.fromOpaque(tracker).takeRetainedValue().record(failure)
                    }
                })
        }
        let producer = KafkaProducer(client: client, state: state)
        producer.pollThread.start()
        return producer
    }

    /// Messages acknowledged by the broker since the producer started.
    public var deliveredCount: Int { state.counts.delivered }
    /// Messages the broker refused or that timed out since the producer started.
    public var failedCount: Int { state.counts.failed }

    /// Enqueues one message without waiting for its delivery; a later `flush` reports failures.
    public func produce(_ message: OutgoingMessage) throws {
        try enqueue(message, tracker: nil)
    }

    /// Enqueues the messages and blocks the calling thread until each is acknowledged.
    /// Call it from a dedicated thread, never from the cooperative pool.
    public func sendAndWait(_ messages: [OutgoingMessage], timeout: Duration = .seconds(30)) throws {
        guard !messages.isEmpty else { return }
        let semaphore = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        try enqueueAll(messages) { failure in
            outcome.failure = failure
            semaphore.signal()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        guard semaphore.wait(timeout: .now() + seconds) == .success else {
            throw KafkaError(.timeout, "\(messages.count) messages not acknowledged in \(timeout)", isRetriable: true)
        }
        if let failure = outcome.failure { throw failure }
    }

    /// Enqueues the messages and suspends until each is acknowledged.
    public func send(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            do {
                try enqueueAll(messages) { failure in
                    if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Waits for everything enqueued to be delivered and throws the first failure since the last flush.
    public func flush(timeout: Duration = .seconds(30)) throws {
        try client.flush(timeoutMilliseconds: Int32(timeout.components.seconds * 1000))
        if let failure = state.takeFirstFailure() { throw failure }
    }

    /// Enqueues messages whose caller waits for their delivery, and has the poll thread flush until they are delivered.
    private func enqueueAll(_ messages: [OutgoingMessage], completion: @escaping @Sendable (KafkaError?) -> Void) throws
    {
        let waiting = state.beginWaiting()
        let tracker = DeliveryTracker(expected: messages.count) { failure in
            waiting.end()
            completion(failure)
        }
        for (index, message) in messages.enumerated() {
            do {
                try enqueue(message, tracker: tracker)
            } catch let error as KafkaError {
                tracker.abandon(messages.count - index, error: error)
                waiting.end()
                throw error
            }
        }
        rd_kafka_queue_yield(reportQueue)
    }

    private func enqueue(_ message: OutgoingMessage, tracker: DeliveryTracker?) throws {
        let topic = try topics.handle(for: message.topic)
        let opaque = tracker.map { Unmanaged.passRetained($0).toOpaque() }
        while true {
            guard let failure = attempt(message, topic: topic, opaque: opaque) else { return }
            if failure.code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                client.poll(timeoutMilliseconds: 5)  // back-pressure: let deliveries drain the queue
                continue
            }
            if let opaque { Unmanaged<DeliveryTracker>.fromOpaque(opaque).release() }
            throw KafkaError(.produce, "\(message.topic): \(failure.text)", isRetriable: false)
        }
    }

    /// One try at handing a message to librdkafka; `nil` when it was queued.
    private func attempt(
        _ message: OutgoingMessage, topic: OpaquePointer, opaque: UnsafeMutableRawPointer?
    ) -> (code: rd_kafka_resp_err_t, text: String)? {
        if message.headers.isEmpty && message.timestampMilliseconds == nil {
            // The common case takes librdkafka's plain produce call, as kcat does: no argument list to build.
            let queued = message.key.withOptionalBytes { key in
                message.value.withOptionalBytes { value in
                    rd_kafka_produce(
                        topic, message.partition ?? RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                        UnsafeMutableRawPointer(mutating: value?.baseAddress), value?.count ?? 0, key?.baseAddress,
                        key?.count ?? 0, opaque) == 0
                }
            }
            if queued { return nil }
            let code = rd_kafka_last_error()
            return (code, RDKafkaClient.describe(code))
        }
        let headers = RDKafkaHeaders.make(message.headers)
        let error = client.withHandle { handle in
            message.key.withOptionalBytes { key in
                message.value.withOptionalBytes { value in
                    var args = ProduceArguments()
                    args.append(RD_KAFKA_VTYPE_RKT) { $0.rkt = topic }
                    args.append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.i = RD_KAFKA_MSG_F_COPY }
                    if let partition = message.partition {
                        args.append(RD_KAFKA_VTYPE_PARTITION) { $0.i32 = partition }
                    }
                    if let key {
                        args.append(RD_KAFKA_VTYPE_KEY) {
                            $0.mem = .init(ptr: .init(mutating: key.baseAddress), size: key.count)
                        }
                    }
                    if let value {
                        args.append(RD_KAFKA_VTYPE_VALUE) {
                            $0.mem = .init(ptr: .init(mutating: value.baseAddress), size: value.count)
                        }
                    }
                    if let headers { args.append(RD_KAFKA_VTYPE_HEADERS) { $0.headers = headers } }
                    if let timestamp = message.timestampMilliseconds {
                        args.append(RD_KAFKA_VTYPE_TIMESTAMP) { $0.i64 = timestamp }
                    }
                    if let opaque { args.append(RD_KAFKA_VTYPE_OPAQUE) { $0.ptr = opaque } }
                    return args.produce(handle)
                }
            }
        }
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        if let headers { rd_kafka_headers_destroy(headers) }  // taken over only on success
        return (rd_kafka_error_code(error), String(cString: rd_kafka_error_string(error)))
    }

    deinit {
        pollThread.stop()
        try? client.flush(timeoutMilliseconds: 10_000)
        rd_kafka_queue_destroy(reportQueue)
    }
}

/// A box the delivery callback writes into, shared with the waiting caller.
private final class Outcome: @unchecked Sendable {
    var failure: KafkaError?
}

/// Counts deliveries of the whole producer, keeps the first failure since the last flush, and counts the callers
/// waiting for deliveries.
final class ProducerState: @unchecked Sendable {
    private let lock = NSLock()
    private var delivered = 0
    private var failed = 0
    private var firstFailure: KafkaError?
    private var waitingCallers = 0
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// Whether some `send` or `sendAndWait` waits for deliveries.
    var hasWaitingCallers: Bool { lock.withLock { waitingCallers > 0 } }

    /// Counts a caller as waiting until the returned claim ends.
    func beginWaiting() -> WaitingClaim {
        lock.withLock { waitingCallers += 1 }
        return WaitingClaim { [self] in lock.withLock { waitingCallers -= 1 } }
    }

    func record(_ failure: KafkaError?) {
        lock.lock()
        defer { lock.unlock() }
        if let failure {
            failed += 1
            if firstFailure == nil {
                firstFailure = failure
                logger.error("kafka delivery failed", metadata: ["kafka.error": "\(failure.message)"])
            }
        } else {
            delivered += 1
        }
    }

    var counts: (delivered: Int, failed: Int) {
        lock.withLock { (delivered, failed) }
    }

    func takeFirstFailure() -> KafkaError? {
        lock.withLock {
            defer { firstFailure = nil }
            return firstFailure
        }
    }
}

/// A waiting caller's place in `ProducerState`'s count, given up once however often `end` is called (a `send` whose
/// enqueueing failed ends it itself, and its messages already enqueued may still be delivered later).
final class WaitingClaim: @unchecked Sendable {
    private let lock = NSLock()
    private var release: (@Sendable () -> Void)?

    init(release: @escaping @Sendable () -> Void) { self.release = release }

    func end() {
        let action = lock.withLock {
            defer { release = nil }
            return release
        }
        action?()
    }
}

/// Counts down the deliveries of one `send` and calls back once, with the first failure if any.
final class DeliveryTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private var failure: KafkaError?
    private let completion: @Sendable (KafkaError?) -> Void

    init(expected: Int, completion: @escaping @Sendable (KafkaError?) -> Void) {
        self.remaining = expected
        self.completion = completion
    }

    func record(_ failure: KafkaError?) { settle(count: 1, failure: failure, finish: false) }

    /// Settles messages that were never enqueued; the caller reports the error itself.
    func abandon(_ count: Int, error: KafkaError) { settle(count: count, failure: error, finish: true) }

    private func settle(count: Int, failure newFailure: KafkaError?, finish abandoned: Bool) {
        let done: KafkaError?? = lock.withLock {
            remaining -= count
            if failure == nil { failure = newFailure }
            return remaining == 0 && !abandoned ? .some(failure) : nil
        }
        if let done { completion(done) }
    }
}

/// Caches one `rd_kafka_topic_t` per topic name for the producer's lifetime.
final class TopicHandleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var handles: [String: OpaquePointer] = [:]
    private let client: RDKafkaClient

    init(client: RDKafkaClient) { self.client = client }

    func handle(for topic: String) throws -> OpaquePointer {
        try lock.withLock {
            if let handle = handles[topic] { return handle }
            guard let handle = client.withHandle({ rd_kafka_topic_new($0, topic, nil) }) else {
                throw KafkaError(.produce, "cannot open topic \(topic)")
            }
            handles[topic] = handle
            return handle
        }
    }

    deinit {
        for handle in handles.values { rd_kafka_topic_destroy(handle) }
    }
}

/// The argument list of one `rd_kafka_produceva` call.
private struct ProduceArguments {
    private var values: [rd_kafka_vu_t] = []

    mutating func append(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t.__Unnamed_union_u) -> Void) {
        var value = rd_kafka_vu_t()
        value.vtype = type
        set(&value.u)
        values.append(value)
    }

    func produce(_ handle: OpaquePointer) -> OpaquePointer? {
        values.withUnsafeBufferPointer { rd_kafka_produceva(handle, $0.baseAddress, $0.count) }
    }
}

/// Converts headers to a librdkafka list, which the produce call takes over on success.
enum RDKafkaHeaders {
    static func make(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            header.value.withUnsafeBytes { bytes in
                _ = rd_kafka_header_add(list, header.name, -1, bytes.baseAddress, bytes.count)
            }
        }
        return list
    }

    static func read(_ message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR,
                let name
            else { break }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            headers.append(KafkaHeader(name: String(cString: name), value: bytes))
            index += 1
        }
        return headers
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the bytes, or with `nil` when there are none.
    func withOptionalBytes<T>(_ body: (UnsafeRawBufferPointer?) -> T) -> T {
        switch self {
        case .some(let bytes): bytes.withUnsafeBytes { body($0) }
        case .none: body(nil)
        }
    }
}

/// A thread that repeats one blocking step until stopped; `stop` waits for it to finish.
final class PollThread: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)
    private let name: String
    private let step: @Sendable () -> Void

    init(name: String, step: @escaping @Sendable () -> Void) {
        self.name = name
        self.step = step
    }

    func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopped }) { step() }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    func stop() {
        let wasRunning = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        if wasRunning { finished.wait() }
    }
}
