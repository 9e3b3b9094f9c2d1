import RosterModel

/// A definition compiled against the tenant's catalog: every condition typed, its operand parsed and its window
/// resolved, so that evaluating one contact does no lookups or parsing of the definition. Both the full
/// computation and the incremental re-evaluation run this plan through `SegmentEvaluator`.
public struct SegmentPlan: Sendable {
    /// The root of the condition tree.
    public let root: PlanNode
    /// Event names whose occurrences the plan reads (what a loader must fetch).
    public let events: Set<String>
    /// Event properties the plan reads, per event.
    public let properties: [String: Set<String>]
    /// Attribute keys the plan reads (`tags` for tag conditions).
    public let attributes: Set<String>
    /// Segments whose membership the plan reads.
    public let segments: Set<String>
    /// Whether time passing alone can change the result (a relative window or operator).
    public let dependsOnTime: Bool
    /// Each condition as written, by its path, for explanations.
    public let conditions: [String: JSONValue]
}

/// A node of a compiled condition tree; leaves carry the path of the condition in the definition.
public indirect enum PlanNode: Sendable {
    case all([PlanNode])
    case any([PlanNode])
    case not(PlanNode)
    case attribute(path: String, key: String, test: ValueTest)
    case behaviour(path: String, BehaviourTest)
    case aggregate(path: String, AggregateTest)
    case segment(path: String, id: String)
}

/// A typed comparison of one value (an attribute's or an event property's).
public struct ValueTest: Sendable {
    let kind: ValueKind
    let op: SegmentOperator
    let operand: Operand

    /// A parsed operand.
    enum Operand: Sendable {
        case none
        case text(String)
        case texts(Set<String>)
        case number(Double)
        case numbers(Set<Double>)
        case range(Double, Double)
        case bool(Bool)
        case day(Int64)
        case days(Int)
    }
}

/// Which events a behaviour or aggregate condition looks at.
public struct EventSelector: Sendable {
    let event: String
    let filter: (join: Join, tests: [(property: String, test: ValueTest)])?
    let window: TimeWindow
}

/// A time window over `occurred_at`.
public enum TimeWindow: Sendable {
    case ever
    case lastDays(Int)
    /// From (inclusive) to (exclusive), in seconds since 1970.
    case between(Double, Double)

    /// Whether an event at `time` falls in the window at `now`.
    func contains(_ time: Double, now: Double) -> Bool {
        switch self {
        case .ever: true
        case .lastDays(let days): time >= now - Double(days) * 86_400
        case .between(let from, let to): time >= from && time < to
        }
    }
}

/// Did / did not do, a number of times.
public struct BehaviourTest: Sendable {
    let selector: EventSelector
    let did: Bool
    let count: CountRule
}

/// An aggregate of a property over selected events compared with a number.
public struct AggregateTest: Sendable {
    let selector: EventSelector
    let function: AggregateCondition.Function
    let property: String?
    let comparison: ValueTest
}
