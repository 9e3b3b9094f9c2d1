import Foundation

/// A bounded queue between two threads of one export: the producer blocks while `capacity` items wait, the consumer
/// blocks while none does. Either side can end it: the producer by finishing (with an error or not), the consumer by
/// cancelling, after which the producer's `put` returns `false` so that it stops early.
final class Handoff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
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
        while items.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for one; `nil` when the producer has finished and nothing waits. Throws the
    /// producer's error.
    func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !finished { condition.wait() }
        if let failure { throw failure }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return item
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
