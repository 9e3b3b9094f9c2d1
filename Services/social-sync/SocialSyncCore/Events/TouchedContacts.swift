import GRDB
import RosterModel
import RosterRuntime
import Synchronization

/// The channel contacts a batch of social events touched, kept in memory until the batch ends, so that a contact's
/// row is written and its snapshot published once per batch however many of its events the batch holds.
///
/// Used by one consume loop's thread at a time; the lock only makes that safe to state. After a rolled-back
/// transaction the batch is applied again message by message in savepoints, where nothing may outlive a message's
/// savepoint: until the batch ends, every message then writes its contact through (`writesThrough`).
final class TouchedContacts: Sendable {
    /// A channel user of a tenant.
    struct Key: Hashable {
        var tenant: String
        var channel: String
        var userID: String
    }

    /// One touched contact.
    struct Entry {
        /// The row as the batch first read it (nil when there was none, or it was deleted in this batch).
        var stored: ContactRows.Stored?
        /// The contact as the batch's events left it (nil when there is none).
        var contact: SocialContactSnapshot?
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var order: [Key] = []
        var writesThrough = false
        /// How many contacts the last flush wrote: room for as many is made when the next batch keeps its first one,
        /// rather than the table growing and rehashing over a batch of 5,000 (0.8 µs of CPU per event).
        var lastCount = 0
    }

    private let state = Mutex(State())

    /// Whether each message writes its contact itself (after a rollback, until the batch ends).
    var writesThrough: Bool { state.withLock { $0.writesThrough } }

    /// The contact as this batch has it, read from the database the first time.
    func entry(_ db: Database, _ key: Key) throws -> Entry {
        if let kept = state.withLock({ $0.entries[key] }) { return kept }
        let stored = try ContactRows.fetch(db, tenant: key.tenant, channel: key.channel, userID: key.userID)
        return Entry(stored: stored, contact: stored?.contact)
    }

    /// Keeps the contact's new state.
    func keep(_ key: Key, _ entry: Entry) {
        state.withLock {
            if $0.order.isEmpty {
                $0.entries.reserveCapacity($0.lastCount)
                $0.order.reserveCapacity($0.lastCount)
            }
            if $0.entries.updateValue(entry, forKey: key) == nil { $0.order.append(key) }
        }
    }

    /// Writes every kept contact that changed (its row and tags) and publishes its snapshot, in the order they were
    /// first touched, and forgets them.
    func flush(_ context: ApplyContext) throws {
        let (entries, order) = state.withLock { state in
            defer {
                state.lastCount = state.writesThrough ? 0 : state.order.count
                state.entries = [:]
                state.order = []
            }
            return (state.entries, state.order)
        }
        for key in order {
            guard let entry = entries[key], let contact = entry.contact else { continue }
            if let stored = entry.stored {
                guard try ContactRows.update(context.db, stored, to: contact) else { continue }
            } else {
                try ContactRows.insert(context.db, contact)
            }
            try context.publishSnapshot(contact)
        }
    }

    /// Ends the batch: kept contacts are written, and messages go back to being kept until their batch ends.
    func finishBatch(_ context: ApplyContext) throws {
        try flush(context)
        state.withLock { $0.writesThrough = false }
    }

    /// Drops what a rolled-back transaction kept; until the batch ends, each message writes its contact through.
    func rolledBack() {
        state.withLock { $0 = State(writesThrough: true) }
    }

    /// Drops what the current message kept (it failed, and its savepoint is rolled back).
    func forget() {
        state.withLock {
            $0.entries = [:]
            $0.order = []
        }
    }
}
