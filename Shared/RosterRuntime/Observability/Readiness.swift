import Foundation
import RosterKafka
import Synchronization

/// What `/readyz` reports: the store is open and every consumer has its partitions.
public final class Readiness: Sendable {
    private let state = Mutex(State())

    private struct State {
        var storeOpen = false
        var consumers: [String: ConsumerStatus] = [:]
    }

    /// One consumer's assignment and lag.
    public struct ConsumerStatus: Codable, Sendable, Equatable {
        public var joined: Bool
        public var partitions: [String]
        public var lag: Int64
    }

    public init() {}

    public func markStoreOpen() { state.withLock { $0.storeOpen = true } }

    /// Registers a consumer that must join before the worker is ready.
    public func expectConsumer(_ name: String) {
        state.withLock { $0.consumers[name] = ConsumerStatus(joined: false, partitions: [], lag: 0) }
    }

    /// Updates a consumer's assignment and total lag.
    public func update(consumer name: String, joined: Bool, assignment: Set<TopicPartition>, lag: Int64) {
        state.withLock {
            $0.consumers[name] = ConsumerStatus(
                joined: joined, partitions: assignment.map(\.description).sorted(), lag: lag)
        }
    }

    /// Ready once the store is open and every registered consumer has joined.
    public var isReady: Bool {
        state.withLock { $0.storeOpen && $0.consumers.values.allSatisfy(\.joined) }
    }

    /// The body of `/readyz`.
    public struct Report: Codable, Sendable {
        public var worker: String
        public var ready: Bool
        public var storeOpen: Bool
        public var consumers: [String: ConsumerStatus]
        public var lag: Int64
    }

    public func report(worker: String) -> Report {
        state.withLock {
            Report(
                worker: worker, ready: $0.storeOpen && $0.consumers.values.allSatisfy(\.joined),
                storeOpen: $0.storeOpen, consumers: $0.consumers, lag: $0.consumers.values.reduce(0) { $0 + $1.lag })
        }
    }
}
