import Foundation

/// A bounded queue between two threads of one pipeline (an export's reader and writer, say): the producer blocks while `capacity` items wait, the consumer
/// blocks while none does. Either side can end it: the producer by finishing (with an error or not), the consumer by
/// cancelling, after which the producer's `put` returns `false` so that it stops early.
public final class Handoff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    /// What waits, oldest first; a taken item leaves it at once, so the queue holds nothing it handed over.
    private var items: [Item] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    /// A queue holding at most `capacity` items.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item, waiting for room; `false` once the consumer has cancelled.
    public func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for one; `nil` when the producer has finished and nothing waits, or the producer's
    /// error then.
    public func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else {
            if let failure { throw failure }
            return nil
        }
        condition.broadcast()
        return items.removeFirst()
    }

    /// Everything that waits, after letting items gather until `deadline` (or until the producer finishes or
    /// `capacity` items wait): a consumer that sends in bulk takes several items in one go. Empty when none came.
    public func takeAll(gatheringUntil deadline: Date) -> [Item] {
        condition.lock()
        defer { condition.unlock() }
        while items.count < capacity && !finished && condition.wait(until: deadline) {}
        let taken = items
        items.removeAll()
        condition.broadcast()
        return taken
    }

    /// The producer is done: after what waits, `take` returns `nil`, or throws `error`.
    public func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = failure ?? error
        condition.broadcast()
    }

    /// The consumer stops taking: the producer's next `put` returns `false`.
    public func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}
