import RosterModel

/// One tenant's projection held in memory as columns: a row per contact, the attribute columns some plan reads
/// (`tags` holds each contact's sorted tags as an array), and per event name the events with their time and the
/// properties some plan reads. Rows are never reused: a deleted contact's row stays dead, and a contact that comes
/// back gets a new one, as its events in SQLite were deleted with it.
struct TenantColumns: Sendable {
    /// Row → contact id.
    var ids: [String] = []
    /// Contact id → row, for the contacts with a row (a profile or events).
    var rows: [String: Int32] = [:]
    /// Whether the row's contact has a profile (only those are evaluated).
    var alive: [Bool] = []
    /// The `cdp.profiles` partition the row's latest profile came from (-1 when not known).
    var partitions: [Int32] = []
    var attributes: [String: ValueColumn] = [:]
    var events: [String: EventTable] = [:]

    var count: Int { ids.count }

    /// The row of a contact, created (without a profile) when it has none.
    mutating func row(of contact: String) -> Int {
        if let row = rows[contact] { return Int(row) }
        let row = ids.count
        ids.append(contact)
        rows[contact] = Int32(row)
        alive.append(false)
        partitions.append(-1)
        return row
    }

    /// Sets a contact's profile facts, from `partition`, in every loaded attribute column.
    mutating func setProfile(_ facts: ContactFacts, partition: Int32 = -1) {
        let row = row(of: facts.contactId)
        alive[row] = true
        partitions[row] = partition
        // Over a copy of the keys: iterating the dictionary itself would share its storage, and the first write
        // would then copy every column.
        for key in Array(attributes.keys) { attributes[key]?.set(row, Self.value(key, facts)) }
    }

    /// Forgets a deleted or merged-away contact and its events.
    mutating func remove(contact: String) {
        guard let row = rows.removeValue(forKey: contact) else { return }
        alive[Int(row)] = false
    }

    /// Adds a behaviour event when its name is loaded.
    mutating func append(event: FactEvent, contact: String) {
        guard events[event.name] != nil else { return }
        let row = row(of: contact)
        events[event.name]?.append(row: row, event)
    }

    /// Applies a committed change of the projection.
    mutating func apply(_ change: ColumnStore.Change) {
        switch change {
        case .profile(_, let partition, let facts): setProfile(facts, partition: partition)
        case .removed(_, let contact): remove(contact: contact)
        case .event(_, let contact, let event): append(event: event, contact: contact)
        }
    }

    /// The value a column holds for a contact's facts.
    static func value(_ key: String, _ facts: ContactFacts) -> JSONValue? {
        key == "tags" ? .array(facts.tags.sorted().map(JSONValue.string)) : facts.attributes[key]
    }
}

/// The events of one name: the contact row, the time and the loaded properties of each.
struct EventTable: Sendable {
    let properties: Set<String>
    var rows: [Int32] = []
    /// Seconds since 1970.
    var times: [Double] = []
    var values: [String: ValueColumn]

    init(properties: Set<String>) {
        self.properties = properties
        values = Dictionary(uniqueKeysWithValues: properties.map { ($0, ValueColumn()) })
    }

    mutating func append(row: Int, _ event: FactEvent) {
        rows.append(Int32(row))
        times.append(event.occurredAt)
        for name in properties { values[name]?.append(event.properties[name]) }
    }
}
