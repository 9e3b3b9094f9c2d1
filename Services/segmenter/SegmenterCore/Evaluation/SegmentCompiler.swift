import Foundation
import HTTPTypes
import RosterModel
import RosterRuntime

/// Validates a definition against a tenant's catalog and compiles it into a `SegmentPlan`. Every problem is a
/// 400 naming the condition by its path in the definition (`clusters[1].conditions[0]`), the field and the value.
public struct SegmentCompiler {
    let catalog: SegmentCatalog
    private var events: Set<String> = []
    private var properties: [String: Set<String>] = [:]
    private var attributes: Set<String> = []
    private var segments: Set<String> = []
    private var dependsOnTime = false
    private var conditions: [String: JSONValue] = [:]

    /// Compiles `definition`; throws `invalid_segment` naming the first condition at fault.
    public static func compile(_ definition: SegmentDefinition, catalog: SegmentCatalog) throws -> SegmentPlan {
        var compiler = SegmentCompiler(catalog: catalog)
        let root: PlanNode
        switch definition.type {
        case .standard:
            guard let clusters = definition.clusters, definition.rule == nil else {
                throw invalid("clusters", nil, "a standard segment has clusters and no rule")
            }
            root = .all(
                try clusters.enumerated().map { index, cluster in
                    let nodes = try cluster.conditions.enumerated().map { position, condition in
                        try compiler.condition(condition, path: "clusters[\(index)].conditions[\(position)]")
                    }
                    return cluster.join == .and ? .all(nodes) : .any(nodes)
                })
        case .advanced:
            guard let rule = definition.rule, definition.clusters == nil else {
                throw invalid("rule", nil, "an advanced segment has a rule and no clusters")
            }
            root = try compiler.rule(rule, path: "rule")
        }
        if definition.name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw invalid("name", definition.name, "a segment needs a name")
        }
        return SegmentPlan(
            root: root, events: compiler.events, properties: compiler.properties, attributes: compiler.attributes,
            segments: compiler.segments, dependsOnTime: compiler.dependsOnTime, conditions: compiler.conditions)
    }

    private mutating func rule(_ rule: SegmentRule, path: String) throws -> PlanNode {
        switch rule {
        case .all(let rules):
            .all(try rules.enumerated().map { try self.rule($1, path: "\(path).all[\($0)]") })
        case .any(let rules):
            .any(try rules.enumerated().map { try self.rule($1, path: "\(path).any[\($0)]") })
        case .not(let inner): .not(try self.rule(inner, path: "\(path).not"))
        case .condition(let condition): try self.condition(condition, path: path)
        }
    }

    private mutating func condition(_ condition: SegmentCondition, path: String) throws -> PlanNode {
        conditions[path] = try? WireCodec.decode(JSONValue.self, from: WireCodec.encode(condition))
        switch condition {
        case .attribute(let condition):
            guard let kind = catalog.attributes[condition.attribute] else {
                throw Self.invalid(
                    "\(path).attribute", condition.attribute, "attribute \(condition.attribute) is not defined")
            }
            attributes.insert(condition.attribute)
            let test = try valueTest(kind: kind, op: condition.op, value: condition.value, path: path)
            return .attribute(path: path, key: condition.attribute, test: test)
        case .behaviour(let condition):
            let selector = try selector(
                event: condition.event, filter: condition.where, withinLastDays: condition.withinLastDays,
                between: condition.between, path: path)
            let count = condition.count ?? CountRule(op: .atLeast, value: 1)
            guard count.value >= 0 else {
                throw Self.invalid("\(path).count.value", String(count.value), "a count cannot be negative")
            }
            return .behaviour(path: path, BehaviourTest(selector: selector, did: condition.did, count: count))
        case .aggregate(let condition):
            let selector = try selector(
                event: condition.event, filter: condition.where, withinLastDays: condition.withinLastDays,
                between: condition.between, path: path)
            if condition.aggregate != .count {
                guard let property = condition.property else {
                    throw Self.invalid("\(path).property", nil, "\(condition.aggregate.rawValue) needs a property")
                }
                try checkProperty(property, of: condition.event, kind: .number, path: "\(path).property")
                properties[condition.event, default: []].insert(property)
            }
            guard [.equals, .notEquals, .greater, .less, .between].contains(condition.op) else {
                throw Self.invalid(
                    "\(path).op", condition.op.rawValue,
                    "an aggregate compares with equals, not_equals, greater, "
                        + "less or between")
            }
            let comparison = try valueTest(kind: .number, op: condition.op, value: condition.value, path: path)
            return .aggregate(
                path: path,
                AggregateTest(
                    selector: selector, function: condition.aggregate, property: condition.property,
                    comparison: comparison))
        case .segment(let id):
            guard catalog.segments.contains(id) else {
                throw Self.invalid("\(path).segment", id, "segment \(id) does not exist")
            }
            segments.insert(id)
            return .segment(path: path, id: id)
        }
    }

    private mutating func selector(
        event: String, filter: PropertyFilter?, withinLastDays: Int?, between: [String]?, path: String
    ) throws -> EventSelector {
        guard catalog.events[event] != nil else {
            throw Self.invalid("\(path).event", event, "event \(event) is not defined")
        }
        events.insert(event)
        let window: TimeWindow
        switch (withinLastDays, between) {
        case (nil, nil): window = .ever
        case (let days?, nil):
            guard days >= 0 else {
                throw Self.invalid("\(path).within_last_days", String(days), "a window cannot be negative")
            }
            dependsOnTime = true
            window = .lastDays(days)
        case (nil, let bounds?):
            let range = try Self.instantRange(bounds.map(JSONValue.string), path: "\(path).between")
            window = .between(range.0, range.1)
        default:
            throw Self.invalid("\(path).between", nil, "a window is within_last_days or between, not both")
        }
        var tests: [(property: String, test: ValueTest)] = []
        for (index, condition) in (filter?.conditions ?? []).enumerated() {
            let conditionPath = "\(path).where.conditions[\(index)]"
            let typed = catalog.events[event] ?? nil
            let declared = typed?[condition.property]
            if typed != nil, declared == nil {
                throw Self.invalid(
                    "\(conditionPath).property", condition.property,
                    "event \(event) has no property \(condition.property)")
            }
            let kind = declared ?? ValueKind.inferred(op: condition.op, value: condition.value)
            properties[event, default: []].insert(condition.property)
            tests.append(
                (
                    condition.property,
                    try valueTest(kind: kind, op: condition.op, value: condition.value, path: conditionPath)
                )
            )
        }
        return EventSelector(event: event, filter: filter.map { ($0.join, tests) }, window: window)
    }

    private func checkProperty(_ property: String, of event: String, kind: ValueKind, path: String) throws {
        guard let typed = catalog.events[event] ?? nil else { return }
        guard let declared = typed[property] else {
            throw Self.invalid(path, property, "event \(event) has no property \(property)")
        }
        guard declared == kind else {
            throw Self.invalid(path, property, "property \(property) is \(declared.rawValue), not \(kind.rawValue)")
        }
    }

    private mutating func valueTest(
        kind: ValueKind, op: SegmentOperator, value: JSONValue?, path: String
    ) throws -> ValueTest {
        guard kind.operators.contains(op) else {
            throw Self.invalid(
                "\(path).op", op.rawValue,
                "\(op.rawValue) does not fit \(kind.rawValue) values; use one of "
                    + kind.operators.map(\.rawValue).sorted().joined(separator: ", "))
        }
        if op.isRelativeTime { dependsOnTime = true }
        let valuePath = "\(path).value"
        let operand: ValueTest.Operand
        switch op {
        case .isSet, .isNotSet:
            operand = .none
        case .withinLastDays, .moreThanDaysAgo:
            guard case .int(let days) = value, days >= 0 else {
                throw Self.invalid(valuePath, value?.text, "\(op.rawValue) needs a whole number of days ≥ 0")
            }
            operand = .days(Int(days))
        case .in, .notIn:
            guard case .array(let items) = value, !items.isEmpty else {
                throw Self.invalid(valuePath, value?.text, "\(op.rawValue) needs a non-empty list")
            }
            if kind == .number {
                operand = .numbers(Set(try items.map { try Self.number($0, path: valuePath) }))
            } else {
                operand = .texts(Set(try items.map { try Self.text($0, path: valuePath) }))
            }
        case .between:
            guard case .array(let items) = value, items.count == 2 else {
                throw Self.invalid(valuePath, value?.text, "between needs a list of two values [from, to]")
            }
            if kind == .number {
                let bounds = try items.map { try Self.number($0, path: valuePath) }
                operand = .range(bounds[0], bounds[1])
            } else {
                let range = try Self.instantRange(items, path: valuePath)
                operand = .range(range.0, range.1)
            }
        case .before, .after:
            guard let text = value?.text, let instant = TimeParser.seconds(text) else {
                throw Self.invalid(valuePath, value?.text, "\(op.rawValue) needs an RFC 3339 time or a date")
            }
            operand = .number(instant)
        case .equals, .notEquals:
            switch kind {
            case .number: operand = .number(try Self.number(value, path: valuePath))
            case .boolean:
                guard case .bool(let flag) = value else {
                    throw Self.invalid(valuePath, value?.text, "a boolean attribute compares with true or false")
                }
                operand = .bool(flag)
            case .date, .datetime:
                guard let text = value?.text, let instant = TimeParser.seconds(text) else {
                    throw Self.invalid(valuePath, value?.text, "\(op.rawValue) on a date needs a date")
                }
                operand = .day(TimeParser.day(instant))
            case .text, .enum, .tags: operand = .text(try Self.text(value, path: valuePath))
            }
        case .contains, .doesNotContain, .startsWith, .hasTag, .doesNotHaveTag:
            operand = .text(try Self.text(value, path: valuePath))
        case .greater, .less:
            operand = .number(try Self.number(value, path: valuePath))
        }
        return ValueTest(kind: kind, op: op, operand: operand)
    }

    private static func number(_ value: JSONValue?, path: String) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw invalid(path, value?.text, "needs a number")
        }
    }

    private static func text(_ value: JSONValue?, path: String) throws -> String {
        guard let value, let text = value.text else { throw invalid(path, nil, "needs a value") }
        return text
    }

    /// Two times or dates as a half-open range; a date-only upper bound includes that whole day.
    private static func instantRange(_ bounds: [JSONValue], path: String) throws -> (Double, Double) {
        guard bounds.count == 2, let fromText = bounds[0].text, let toText = bounds[1].text,
            let from = TimeParser.seconds(fromText), let to = TimeParser.seconds(toText)
        else {
            throw invalid(path, bounds.compactMap(\.text).joined(separator: ","), "needs two RFC 3339 times or dates")
        }
        return (from, toText.count == 10 ? to + 86_400 : to + 0.001)
    }

    static func invalid(_ field: String, _ value: String?, _ reason: String) -> RosterError {
        RosterError(
            code: "invalid_segment", message: "\(field): \(reason)",
            details: [RosterError.Detail(field: field, value: value, reason: reason)], status: .badRequest)
    }
}
