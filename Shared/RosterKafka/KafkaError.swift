/// An error from the Kafka layer: a stable code, a message naming what failed, and whether retrying may help.
public struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    fileprivate enum Code: String, Sendable {
        case configuration, clientCreation, produce, delivery, consume, offsetOutOfRange
        case commit, topicProvisioning, metadata, timeout, closed
    }

    /// A category of failure, comparable with `==`.
    public struct Kind: Sendable, Equatable, CustomStringConvertible {
        fileprivate let code: Code
        public var description: String { code.rawValue }

        public static let configuration = Kind(code: .configuration)
        public static let clientCreation = Kind(code: .clientCreation)
        public static let produce = Kind(code: .produce)
        public static let delivery = Kind(code: .delivery)
        public static let consume = Kind(code: .consume)
        public static let offsetOutOfRange = Kind(code: .offsetOutOfRange)
        public static let commit = Kind(code: .commit)
        public static let topicProvisioning = Kind(code: .topicProvisioning)
        public static let metadata = Kind(code: .metadata)
        public static let timeout = Kind(code: .timeout)
        public static let closed = Kind(code: .closed)
    }

    /// What went wrong.
    public let kind: Kind
    /// A human-readable reason, including librdkafka's own words.
    public let message: String
    /// Whether the same call may succeed if tried again.
    public let isRetriable: Bool
    /// Whether the client can no longer be used.
    public let isFatal: Bool
    private let location: String

    init(
        _ kind: Kind, _ message: String, isRetriable: Bool = false, isFatal: Bool = false,
        file: String = #fileID, line: Int = #line
    ) {
        self.kind = kind
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.location = "\(file):\(line)"
    }

    public var description: String { "KafkaError.\(kind): \(message) (\(location))" }

    public static func == (lhs: KafkaError, rhs: KafkaError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message
    }
}
