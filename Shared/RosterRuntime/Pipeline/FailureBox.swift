import Foundation

/// The first error of a pipeline's thread, for the other thread to throw.
public final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?

    public init() {}

    public var error: (any Error)? { lock.withLock { first } }

    public func record(_ error: any Error) {
        lock.withLock { first = first ?? error }
    }
}
