import RosterModel

/// Evaluates a compiled plan for one contact: the one evaluator behind the full computation, the incremental
/// re-evaluation, the estimate and the explanation.
public struct SegmentEvaluator {
    /// Seconds since 1970 at which relative windows are measured.
    public let now: Double
    /// Whether the contact is a member of another segment (for `{"segment": ID}` conditions).
    public let membership: (String) -> Bool

    public init(now: Double, membership: @escaping (String) -> Bool) {
        self.now = now
        self.membership = membership
    }

    /// Whether the contact satisfies the plan.
    public func holds(_ plan: SegmentPlan, _ facts: ContactFacts) -> Bool { holds(plan.root, facts) }

    /// Every condition of the plan with whether it held and the values seen.
    public func explain(_ plan: SegmentPlan, _ facts: ContactFacts) -> Explanation {
        explain(plan.root, facts, conditions: plan.conditions)
    }

    /// The plan's result when the contact's events cannot change it, or `nil` when they might (three-valued:
    /// behaviour and aggregate conditions count as unknown). A definite answer equals `holds` for any events.
    public func decided(_ plan: SegmentPlan, _ facts: ContactFacts) -> Bool? { decided(plan.root, facts) }

    private func decided(_ node: PlanNode, _ facts: ContactFacts) -> Bool? {
        switch node {
        case .all(let nodes):
            var unknown = false
            for node in nodes {
                switch decided(node, facts) {
                case false?: return false
                case nil: unknown = true
                case true?: continue
                }
            }
            return unknown ? nil : true
        case .any(let nodes):
            var unknown = false
            for node in nodes {
                switch decided(node, facts) {
                case true?: return true
                case nil: unknown = true
                case false?: continue
                }
            }
            return unknown ? nil : false
        case .not(let inner): return decided(inner, facts).map { !$0 }
        case .behaviour, .aggregate: return nil
        case .attribute, .segment: return leaf(node, facts).held
        }
    }

    private func holds(_ node: PlanNode, _ facts: ContactFacts) -> Bool {
        switch node {
        case .all(let nodes): nodes.allSatisfy { holds($0, facts) }
        case .any(let nodes): nodes.contains { holds($0, facts) }
        case .not(let inner): !holds(inner, facts)
        default: leaf(node, facts).held
        }
    }

    private func explain(_ node: PlanNode, _ facts: ContactFacts, conditions: [String: JSONValue]) -> Explanation {
        switch node {
        case .all(let nodes):
            let children = nodes.map { explain($0, facts, conditions: conditions) }
            return Explanation(node: "all", held: children.allSatisfy(\.held), children: children)
        case .any(let nodes):
            let children = nodes.map { explain($0, facts, conditions: conditions) }
            return Explanation(node: "any", held: children.contains(where: \.held), children: children)
        case .not(let inner):
            let child = explain(inner, facts, conditions: conditions)
            return Explanation(node: "not", held: !child.held, children: [child])
        case .attribute(let path, _, _), .behaviour(let path, _), .aggregate(let path, _), .segment(let path, _):
            let outcome = leaf(node, facts)
            return Explanation(
                node: "condition", path: path, condition: conditions[path], held: outcome.held, seen: outcome.seen)
        }
    }

    /// A leaf's result and the value it looked at.
    private func leaf(_ node: PlanNode, _ facts: ContactFacts) -> (held: Bool, seen: JSONValue) {
        switch node {
        case .attribute(_, let key, let test):
            if test.kind == .tags {
                let held = test.holds(tags: facts.tags)
                return (held, .array(facts.tags.sorted().map(JSONValue.string)))
            }
            let value = facts.attributes[key]
            return (test.holds(value, now: now), value ?? .null)
        case .behaviour(_, let test):
            let count = facts.events.reduce(0) { $0 + (test.selector.matches($1, now: now) ? 1 : 0) }
            let counted = test.count.holds(count)
            return (test.did ? counted : !counted, .int(Int64(count)))
        case .aggregate(_, let test):
            guard let value = test.value(of: facts.events, now: now) else { return (false, .null) }
            return (test.comparison.holds(.double(value), now: now), .double(value))
        case .segment(_, let id):
            let member = membership(id)
            return (member, .bool(member))
        case .all, .any, .not:
            return (holds(node, facts), .null)
        }
    }
}

/// The explanation of one node: whether it held, the value seen at a condition, and the nodes beneath.
public struct Explanation: Codable, Sendable, Equatable {
    /// `all`, `any`, `not` or `condition`.
    public var node: String
    /// The condition's path in the definition (`clusters[0].conditions[1]`).
    public var path: String?
    /// The condition as written.
    public var condition: JSONValue?
    public var held: Bool
    /// The attribute value, event count, aggregate or membership the condition looked at.
    public var seen: JSONValue?
    public var children: [Explanation]?

    public init(
        node: String, path: String? = nil, condition: JSONValue? = nil, held: Bool, seen: JSONValue? = nil,
        children: [Explanation]? = nil
    ) {
        self.node = node
        self.path = path
        self.condition = condition
        self.held = held
        self.seen = seen
        self.children = children
    }
}

extension EventSelector {
    /// Whether an event is of this selector's name, in its window, with matching properties.
    func matches(_ event: FactEvent, now: Double) -> Bool {
        guard event.name == self.event, window.contains(event.occurredAt, now: now) else { return false }
        guard let filter else { return true }
        switch filter.join {
        case .and: return filter.tests.allSatisfy { $0.test.holds(event.properties[$0.property], now: now) }
        case .or: return filter.tests.contains { $0.test.holds(event.properties[$0.property], now: now) }
        }
    }
}

extension AggregateTest {
    /// The aggregate over the selected events; `nil` for min, max or avg of no values.
    func value(of events: [FactEvent], now: Double) -> Double? {
        var count = 0
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        for event in events where selector.matches(event, now: now) {
            if function == .count {
                count += 1
                continue
            }
            guard let property, let number = event.properties[property].flatMap(ValueTest.number) else { continue }
            count += 1
            sum += number
            minimum = min(minimum, number)
            maximum = max(maximum, number)
        }
        switch function {
        case .count: return Double(count)
        case .sum: return sum
        case .avg: return count == 0 ? nil : sum / Double(count)
        case .min: return count == 0 ? nil : minimum
        case .max: return count == 0 ? nil : maximum
        }
    }
}
