import RosterKafka

/// Applies each message with the applier registered for its topic; a consumer of several topics uses one.
public struct TopicDispatch: MessageApplier {
    private let appliers: [String: any MessageApplier]

    /// `appliers` maps full topic names to what applies their messages.
    public init(_ appliers: [String: any MessageApplier]) {
        self.appliers = appliers
    }

    public func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let applier = appliers[message.topic] else {
            throw RosterError.invalid("no applier for topic \(message.topic)")
        }
        try applier.apply(message, context: context)
    }
}
