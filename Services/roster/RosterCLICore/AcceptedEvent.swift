/// A write the worker accepted (202): the id of the event it published, which takes effect once the resolver has
/// applied it.
public struct AcceptedEvent: Codable, Sendable, Equatable {
    /// The published event's id.
    public var eventId: String

    /// `WHAT accepted as event ID`.
    public func text(_ what: String) -> String {
        "\(what) accepted as event \(eventId)"
    }
}
