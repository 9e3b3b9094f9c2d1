import RosterModel

/// A segment definition as people write it (DESIGN.md's JSON): a standard segment's clusters, or an advanced
/// segment's rule tree. Reading ignores unknown keys, so that stored definitions stay readable as the format grows;
/// the API refuses a definition with a field its conditions do not have (`DefinitionFields`).
public struct SegmentDefinition: Codable, Sendable, Equatable {
    /// `standard` (clusters) or `advanced` (a rule tree).
    public enum Kind: String, WireEnum {
        case standard, advanced
    }

    public var name: String
    public var type: Kind
    /// Standard segments: clusters ANDed together.
    public var clusters: [Cluster]?
    /// Advanced segments: the rule tree.
    public var rule: SegmentRule?

    public init(name: String, type: Kind, clusters: [Cluster]? = nil, rule: SegmentRule? = nil) {
        self.name = name
        self.type = type
        self.clusters = clusters
        self.rule = rule
    }

    /// Reads a definition; without a `type`, one with a `rule` is advanced and any other standard.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        clusters = try container.decodeIfPresent([Cluster].self, forKey: .clusters)
        rule = try container.decodeIfPresent(SegmentRule.self, forKey: .rule)
        type = try container.decodeIfPresent(Kind.self, forKey: .type) ?? (rule == nil ? .standard : .advanced)
    }

    /// The definition as one rule tree: a standard segment's clusters become `all` of `all`/`any` groups.
    public var tree: SegmentRule {
        switch type {
        case .advanced: rule ?? .all([])
        case .standard:
            .all(
                (clusters ?? []).map { cluster in
                    let leaves = cluster.conditions.map(SegmentRule.condition)
                    return cluster.join == .and ? .all(leaves) : .any(leaves)
                })
        }
    }
}

/// How the members of a group of conditions are joined.
public enum Join: String, WireEnum {
    case and, or
}

/// A cluster of a standard segment: conditions joined by `join`.
public struct Cluster: Codable, Sendable, Equatable {
    public var join: Join
    public var conditions: [SegmentCondition]

    public init(join: Join, conditions: [SegmentCondition]) {
        self.join = join
        self.conditions = conditions
    }
}

/// A boolean tree of conditions: `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}` or a condition.
public indirect enum SegmentRule: Codable, Sendable, Equatable {
    case all([SegmentRule])
    case any([SegmentRule])
    case not(SegmentRule)
    case condition(SegmentCondition)

    private enum Keys: String, CodingKey {
        case all, any, not
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.all) {
            self = .all(try container.decode([SegmentRule].self, forKey: .all))
        } else if container.contains(.any) {
            self = .any(try container.decode([SegmentRule].self, forKey: .any))
        } else if container.contains(.not) {
            self = .not(try container.decode(SegmentRule.self, forKey: .not))
        } else {
            self = .condition(try SegmentCondition(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .all(let rules): try container.encode(rules, forKey: .all)
        case .any(let rules): try container.encode(rules, forKey: .any)
        case .not(let rule): try container.encode(rule, forKey: .not)
        case .condition(let condition): try condition.encode(to: encoder)
        }
    }
}

/// One condition: on an attribute's latest value, on behaviour events, on an aggregate over events, or on
/// membership of another segment. The key present decides which (`attribute`, `event`, `aggregate`, `segment`).
public enum SegmentCondition: Codable, Sendable, Equatable {
    case attribute(AttributeCondition)
    case behaviour(BehaviourCondition)
    case aggregate(AggregateCondition)
    case segment(String)

    private enum Keys: String, CodingKey {
        case attribute, event, aggregate, segment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.segment) {
            if let number = try? container.decode(Int.self, forKey: .segment) {
                self = .segment(String(number))
            } else {
                self = .segment(try container.decode(String.self, forKey: .segment))
            }
        } else if container.contains(.aggregate) {
            self = .aggregate(try AggregateCondition(from: decoder))
        } else if container.contains(.event) {
            self = .behaviour(try BehaviourCondition(from: decoder))
        } else if container.contains(.attribute) {
            self = .attribute(try AttributeCondition(from: decoder))
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a condition needs one of attribute, event, aggregate, segment, all, any, not"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .attribute(let condition): try condition.encode(to: encoder)
        case .behaviour(let condition): try condition.encode(to: encoder)
        case .aggregate(let condition): try condition.encode(to: encoder)
        case .segment(let id):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(id, forKey: .segment)
        }
    }
}

/// A condition on the latest value of an attribute (or on the contact's tags with `has_tag`).
public struct AttributeCondition: Codable, Sendable, Equatable {
    public var attribute: String
    public var op: SegmentOperator
    public var value: JSONValue?

    public init(attribute: String, op: SegmentOperator, value: JSONValue? = nil) {
        self.attribute = attribute
        self.op = op
        self.value = value
    }
}

/// A condition on one property of a behaviour event.
public struct PropertyCondition: Codable, Sendable, Equatable {
    public var property: String
    public var op: SegmentOperator
    public var value: JSONValue?

    public init(property: String, op: SegmentOperator, value: JSONValue? = nil) {
        self.property = property
        self.op = op
        self.value = value
    }
}

/// Property conditions joined by AND or OR.
public struct PropertyFilter: Codable, Sendable, Equatable {
    public var join: Join
    public var conditions: [PropertyCondition]

    public init(join: Join, conditions: [PropertyCondition]) {
        self.join = join
        self.conditions = conditions
    }
}

/// How many matching events a behaviour condition asks for.
public struct CountRule: Codable, Sendable, Equatable {
    /// `at_least`, `at_most` or `exactly`.
    public enum Comparison: String, WireEnum {
        case atLeast = "at_least"
        case atMost = "at_most"
        case exactly
    }

    public var op: Comparison
    public var value: Int

    public init(op: Comparison, value: Int) {
        self.op = op
        self.value = value
    }

    /// Whether `count` satisfies the rule.
    func holds(_ count: Int) -> Bool {
        switch op {
        case .atLeast: count >= value
        case .atMost: count <= value
        case .exactly: count == value
        }
    }
}

/// Did (or did not) do an event whose properties match, a number of times, in a window (none = ever).
public struct BehaviourCondition: Codable, Sendable, Equatable {
    public var event: String
    public var did: Bool
    public var `where`: PropertyFilter?
    /// At least once when absent.
    public var count: CountRule?
    public var withinLastDays: Int?
    /// Two RFC 3339 times or dates: from (inclusive) and to (inclusive).
    public var between: [String]?

    public init(
        event: String, did: Bool = true, where filter: PropertyFilter? = nil, count: CountRule? = nil,
        withinLastDays: Int? = nil, between: [String]? = nil
    ) {
        self.event = event
        self.did = did
        self.where = filter
        self.count = count
        self.withinLastDays = withinLastDays
        self.between = between
    }

    private enum Keys: String, CodingKey {
        case event, did, `where`, count, withinLastDays, between
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        event = try container.decode(String.self, forKey: .event)
        did = try container.decodeIfPresent(Bool.self, forKey: .did) ?? true
        self.where = try container.decodeIfPresent(PropertyFilter.self, forKey: .where)
        count = try container.decodeIfPresent(CountRule.self, forKey: .count)
        withinLastDays = try container.decodeIfPresent(Int.self, forKey: .withinLastDays)
        between = try container.decodeIfPresent([String].self, forKey: .between)
    }
}

/// A sum, count, average, minimum or maximum of an event property in a window, compared with a value.
public struct AggregateCondition: Codable, Sendable, Equatable {
    /// The aggregate function.
    public enum Function: String, WireEnum {
        case sum, count, min, max, avg
    }

    public var aggregate: Function
    public var event: String
    /// The property aggregated; not needed for `count`.
    public var property: String?
    public var `where`: PropertyFilter?
    public var withinLastDays: Int?
    public var between: [String]?
    /// `equals`, `not_equals`, `greater`, `less` or `between`.
    public var op: SegmentOperator
    public var value: JSONValue

    public init(
        aggregate: Function, event: String, property: String? = nil, where filter: PropertyFilter? = nil,
        withinLastDays: Int? = nil, between: [String]? = nil, op: SegmentOperator, value: JSONValue
    ) {
        self.aggregate = aggregate
        self.event = event
        self.property = property
        self.where = filter
        self.withinLastDays = withinLastDays
        self.between = between
        self.op = op
        self.value = value
    }
}
