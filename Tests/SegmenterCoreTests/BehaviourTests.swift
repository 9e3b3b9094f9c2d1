import Foundation
import RosterModel
import RosterRuntime
import Testing

@testable import SegmenterCore

@Suite("Behaviour conditions, aggregates, segment references and rule trees")
struct BehaviourTests {
    let orders = [
        Fixture.event("order_paid", daysAgo: 1, ["amount": .int(300), "channel": .string("web")]),
        Fixture.event("order_paid", daysAgo: 10, ["amount": .double(250.5), "channel": .string("store")]),
        Fixture.event("order_paid", daysAgo: 40, ["amount": .int(1000), "channel": .string("web")]),
    ]

    func holds(_ rule: String, events: [FactEvent]? = nil, members: Set<String> = []) throws -> Bool {
        Fixture.holds(try Fixture.plan(Fixture.rule(rule)), Fixture.contact(events: events ?? orders), members: members)
    }

    @Test func didAndDidNotDo() throws {
        #expect(try holds(#"{"event": "order_paid", "did": true}"#))
        #expect(try !holds(#"{"event": "order_paid", "did": false}"#))
        #expect(try holds(#"{"event": "email_open", "did": false}"#))
        #expect(try !holds(#"{"event": "email_open", "did": true}"#))
        #expect(try holds(#"{"event": "order_paid", "did": false, "within_last_days": 0}"#))
    }

    @Test func countsInWindows() throws {
        #expect(try holds(#"{"event": "order_paid", "count": {"op": "exactly", "value": 3}}"#))
        #expect(try holds(#"{"event": "order_paid", "count": {"op": "exactly", "value": 2}, "within_last_days": 30}"#))
        #expect(try holds(#"{"event": "order_paid", "count": {"op": "at_most", "value": 1}, "within_last_days": 7}"#))
        #expect(try !holds(#"{"event": "order_paid", "count": {"op": "at_least", "value": 4}}"#))
        #expect(
            try holds(
                #"{"event": "order_paid", "between": ["2026-11-13", "2026-11-14"], "count": {"op": "exactly", "value": 1}}"#
            ))
        #expect(try !holds(#"{"event": "order_paid", "between": ["2026-11-15T00:00:00Z", "2026-11-22T00:00:00Z"]}"#))
        // did not do at least twice in the last 30 days: they did it twice, so false
        #expect(
            try !holds(
                #"{"event": "order_paid", "did": false, "within_last_days": 30, "count": {"op": "at_least", "value": 2}}"#
            ))
    }

    @Test func propertyFiltersJoinedByAndOrOr() throws {
        let web = #"{"property": "channel", "op": "equals", "value": "web"}"#
        let big = #"{"property": "amount", "op": "greater", "value": 900}"#
        let both =
            #"{"event": "order_paid", "where": {"join": "and", "conditions": [\#(web), \#(big)]}, "count": {"op": "exactly", "value": %d}}"#
        let either =
            #"{"event": "order_paid", "where": {"join": "or", "conditions": [\#(web), \#(big)]}, "count": {"op": "exactly", "value": %d}}"#
        #expect(try holds(both.replacingOccurrences(of: "%d", with: "1")))
        #expect(try holds(either.replacingOccurrences(of: "%d", with: "2")))
    }

    @Test func aggregatesOverAWindow() throws {
        #expect(
            try holds(
                #"{"aggregate": "sum", "event": "order_paid", "property": "amount", "within_last_days": 30, "op": "greater", "value": 500}"#
            ))
        #expect(
            try !holds(
                #"{"aggregate": "sum", "event": "order_paid", "property": "amount", "within_last_days": 30, "op": "greater", "value": 551}"#
            ))
        #expect(try holds(#"{"aggregate": "count", "event": "order_paid", "op": "equals", "value": 3}"#))
        #expect(
            try holds(
                #"{"aggregate": "min", "event": "order_paid", "property": "amount", "op": "equals", "value": 250.5}"#))
        #expect(
            try holds(
                #"{"aggregate": "max", "event": "order_paid", "property": "amount", "op": "between", "value": [999, 1000]}"#
            ))
        #expect(
            try holds(
                #"{"aggregate": "avg", "event": "order_paid", "property": "amount", "within_last_days": 30, "op": "less", "value": 276}"#
            ))
        // no events: min has no value and holds for nothing; count is zero
        #expect(
            try !holds(
                #"{"aggregate": "min", "event": "order_paid", "property": "amount", "op": "less", "value": 1e9}"#,
                events: []))
        #expect(try holds(#"{"aggregate": "count", "event": "order_paid", "op": "equals", "value": 0}"#, events: []))
    }

    @Test func ruleTreesAndSegmentReferences() throws {
        let rule =
            #"{"all": [{"segment": "seg-a"}, {"not": {"any": [{"segment": "seg-b"}, {"event": "email_open"}]}}]}"#
        #expect(try holds(rule, members: ["seg-a"]))
        #expect(try !holds(rule, members: ["seg-a", "seg-b"]))
        #expect(try !holds(rule, members: []))
        #expect(try holds(#"{"segment": 7}"#.replacingOccurrences(of: "7", with: #""seg-b""#), members: ["seg-b"]))
    }

    @Test func advancedDefinitionFromTheDesignParses() throws {
        // Given DESIGN.md's advanced shapes: all/any/not, an aggregate and a segment reference
        let json = """
            {"name": "Big spenders", "type": "advanced", "rule": {"all": [
              {"aggregate": "sum", "event": "order_paid", "property": "amount", "within_last_days": 30, "op": "greater", "value": 500},
              {"any": [{"segment": "seg-a"}, {"not": {"attribute": "tags", "op": "has_tag", "value": "blocked"}}]},
              {"event": "email_open", "did": true, "count": {"op": "at_least", "value": 3}, "within_last_days": 14}]}}
            """
        let definition = try Fixture.definition(json)
        guard case .all(let parts) = definition.rule, parts.count == 3 else {
            Issue.record("the rule is an all of three")
            return
        }
        #expect(
            parts[0]
                == .condition(
                    .aggregate(
                        AggregateCondition(
                            aggregate: .sum, event: "order_paid", property: "amount", withinLastDays: 30, op: .greater,
                            value: .int(500)))))
        let plan = try Fixture.plan(json)
        #expect(plan.segments == ["seg-a"])
        #expect(plan.events == ["order_paid", "email_open"])

        // And it encodes back to the same definition
        let again = try WireCodec.decode(SegmentDefinition.self, from: try WireCodec.encode(definition))
        #expect(again == definition)
    }

    @Test(arguments: [
        (#"{"attribute": "shoe_size", "op": "is_set"}"#, "rule.attribute", "shoe_size"),
        (#"{"event": "teleported"}"#, "rule.event", "teleported"),
        (
            #"{"event": "order_paid", "where": {"join": "and", "conditions": [{"property": "color", "op": "is_set"}]}}"#,
            "rule.where.conditions[0].property", "color"
        ),
        (#"{"segment": "seg-missing"}"#, "rule.segment", "seg-missing"),
        (#"{"attribute": "created_at", "op": "within_last_days", "value": "seven"}"#, "rule.value", "seven"),
        (
            #"{"aggregate": "sum", "event": "order_paid", "property": "channel", "op": "greater", "value": 1}"#,
            "rule.property", "channel"
        ),
    ])
    func undefinedReferencesAreRejectedNamingTheCondition(rule: String, field: String, value: String) throws {
        let error = try #require(throws: RosterError.self) { try Fixture.plan(Fixture.rule(rule)) }
        #expect(error.code == "invalid_segment")
        #expect(error.details.first?.field == field)
        #expect(error.details.first?.value == value)
    }
}
