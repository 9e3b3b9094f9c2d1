import Foundation

/// A bounded queue between two threads of one export: the producer blocks while `capacity` items wait, the consumer
/// blocks while none does. Either side can end it: the producer by finishing (with an error or not), the consumer by
/// cancelling, after which the producer's `put` returns `false` so that it stops early.
final class Handoff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    /// What waits, oldest first; a taken item leaves it at once, so the queue holds nothing it handed over.
    private var items: [Item] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    /// A queue holding at most `capacity` items.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item, waiting for room; `false` once the consumer has cancelled.
    func put(_ item: Item) -> Bool {
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
    func take() throws -> Item? {
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

    /// The producer is done: after what waits, `take` returns `nil`, or throws `error`.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = failure ?? error
        condition.broadcast()
    }

    /// The consumer stops taking: the producer's next `put` returns `false`.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}

/// A thread of an export's pipeline, which the caller waits for before it returns.
final class StageThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread named `name`.
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [done] in
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the thread's body to return.
    func join() {
        done.wait()
    }
}
