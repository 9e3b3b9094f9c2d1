import Foundation
import RosterRuntime
import Testing

@Suite("The bounded handoff between a pipeline's threads")
struct HandoffTests {
    final class Chunk: Sendable {}

    @Test func aTakenItemIsReleasedWhileOthersStillWait() throws {
        // Given a producer that keeps an item waiting while the consumer takes the first
        let handoff = Handoff<Chunk>(capacity: 2)
        weak var first: Chunk?
        do {
            let chunk = Chunk()
            first = chunk
            #expect(handoff.put(chunk))
        }
        #expect(handoff.put(Chunk()))

        // When the consumer takes one and the producer adds another
        _ = try handoff.take()
        #expect(handoff.put(Chunk()))

        // Then the queue no longer holds the one it handed over (memory stays flat however many pass)
        #expect(first == nil)
    }

    @Test func itemsArriveInOrderThenTheProducersError() throws {
        // Given a producer on another thread that puts three numbers and then fails
        struct Broken: Error {}
        let handoff = Handoff<Int>(capacity: 1)
        let producer = StageThread(name: "producer") {
            for number in 1...3 { _ = handoff.put(number) }
            handoff.finish(throwing: Broken())
        }

        // When the consumer takes everything
        var taken: [Int] = []
        #expect(throws: Broken.self) {
            while let number = try handoff.take() { taken.append(number) }
        }
        producer.join()

        // Then it got the three in order before the error
        #expect(taken == [1, 2, 3])
    }

    @Test func aCancelledConsumerStopsAWaitingProducer() {
        // Given a full queue and a producer waiting to put more
        let handoff = Handoff<Int>(capacity: 1)
        #expect(handoff.put(1))
        let refused = FailureBox()
        let producer = StageThread(name: "producer") {
            if !handoff.put(2) { refused.record(CancellationError()) }
        }

        // When the consumer cancels
        handoff.cancel()
        producer.join()

        // Then the producer's put returned false and it stopped
        #expect(refused.error is CancellationError)
    }

    @Test func takeAllGathersItemsUntilTheQueueIsFull() throws {
        // Given one waiting item and a producer that adds two more a little later
        let handoff = Handoff<Int>(capacity: 3)
        #expect(handoff.put(1))
        let producer = StageThread(name: "producer") {
            Thread.sleep(forTimeInterval: 0.02)
            for number in 2...3 { _ = handoff.put(number) }
        }

        // When the consumer gathers with a deadline far away
        let started = Date()
        let taken = handoff.takeAll(gatheringUntil: started + 10)
        producer.join()

        // Then it got all three, in order, as soon as the queue was full rather than at the deadline
        #expect(taken == [1, 2, 3])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func takeAllReturnsWhatWaitsAtTheDeadline() throws {
        // Given a queue holding one item and no producer adding more
        let handoff = Handoff<Int>(capacity: 4)
        #expect(handoff.put(7))

        // When the consumer gathers for 20 ms, then again with the deadline passed
        let gathered = handoff.takeAll(gatheringUntil: Date() + 0.02)
        let nothing = handoff.takeAll(gatheringUntil: .distantPast)

        // Then the first gathering got the item and the second nothing
        #expect(gathered == [7])
        #expect(nothing.isEmpty)
    }
}
