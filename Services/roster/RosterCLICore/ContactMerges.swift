/// A contact's merges, as `GET /v1/contacts/ID/why` answers them: which contacts were folded into it, and by
/// which identifier.
public struct ContactMerges: Codable, Sendable, Equatable {
    /// The surviving contact asked about.
    public var contactId: String
    /// Its merges, oldest first.
    public var merges: [Merge]

    /// One merge line a merge, or a line saying there were none.
    public var text: String {
        merges.isEmpty ? "\(contactId) has no merges" : merges.map(\.line).joined(separator: "\n")
    }
}

/// One merge: the contact folded into the survivor and the identifier they shared.
public struct Merge: Codable, Sendable, Equatable {
    /// The contact that kept its id.
    public var survivorId: String
    /// The contact that was folded into it.
    public var mergedId: String
    /// The kind of the identifier that joined them (`email`).
    public var joinedByKind: String
    /// Its value.
    public var joinedByValue: String
    /// The event that brought the two together.
    public var eventId: String
    /// When the merge happened.
    public var mergedAt: String

    /// Makes a merge.
    public init(
        survivorId: String, mergedId: String, joinedByKind: String, joinedByValue: String, eventId: String,
        mergedAt: String
    ) {
        self.survivorId = survivorId
        self.mergedId = mergedId
        self.joinedByKind = joinedByKind
        self.joinedByValue = joinedByValue
        self.eventId = eventId
        self.mergedAt = mergedAt
    }

    /// `merged c_x into c_y via email a@b.c (event e, at t)`.
    public var line: String {
        "merged \(mergedId) into \(survivorId) via \(joinedByKind) \(joinedByValue) (event \(eventId), at \(mergedAt))"
    }
}
