import Dispatch
import RosterTestSupport
import Synchronization

@testable import SegmenterCore

/// Holds the segment computer at each step (`SegmentComputer.Hooks`) until the test releases it, so that the test
/// sees the state in between.
final class StepGate: Sendable {
    private let state = Mutex<(waiting: SegmentComputer.Hooks.Step?, open: Bool)>((nil, false))
    private let permits = DispatchSemaphore(value: 0)

    /// The hook: records the step and waits for `release` (or `open`), at most a minute.
    func pass(_ step: SegmentComputer.Hooks.Step) {
        let open = state.withLock { state -> Bool in
            if !state.open { state.waiting = step }
            return state.open
        }
        guard !open else { return }
        _ = permits.wait(timeout: .now() + .seconds(60))
        state.withLock { $0.waiting = nil }
    }

    /// Whether the computer comes to wait at `step`.
    func reached(_ step: SegmentComputer.Hooks.Step) async throws -> Bool {
        try await eventually { self.state.withLock { $0.waiting } == step }
    }

    /// Lets the waiting step go on.
    func release() { permits.signal() }

    /// Lets every step go on from now on.
    func open() {
        state.withLock { $0.open = true }
        permits.signal()
    }
}
