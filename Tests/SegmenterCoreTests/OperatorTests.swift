import Foundation
import RosterModel
import RosterRuntime
import Testing

@testable import SegmenterCore

@Suite("Every operator on every attribute type")
struct OperatorTests {
    /// One attribute condition, a contact value (nil: unset), and whether it holds.
    struct Case: CustomTestStringConvertible, Sendable {
        var attribute: String
        var op: String
        var value: String?
        var contact: JSONValue?
        var expected: Bool

        init(_ attribute: String, _ op: String, _ value: String?, _ contact: JSONValue?, _ expected: Bool) {
            self.attribute = attribute
            self.op = op
            self.value = value
            self.contact = contact
            self.expected = expected
        }

        var testDescription: String {
            "\(attribute) \(op) \(value ?? "") on \(contact.map { "\($0)" } ?? "unset") → \(expected)"
        }
    }

    static let text: [Case] = [
        Case("nickname", "equals", #""Ada""#, .string("Ada"), true),
        Case("nickname", "equals", #""Ada""#, .string("Bob"), false),
        Case("nickname", "equals", #""Ada""#, nil, false),
        Case("nickname", "not_equals", #""Ada""#, .string("Bob"), true),
        Case("nickname", "not_equals", #""Ada""#, .string("Ada"), false),
        Case("nickname", "not_equals", #""Ada""#, nil, true),
        Case("nickname", "contains", #""da""#, .string("Ada"), true),
        Case("nickname", "contains", #""x""#, .string("Ada"), false),
        Case("nickname", "does_not_contain", #""x""#, .string("Ada"), true),
        Case("nickname", "does_not_contain", #""da""#, .string("Ada"), false),
        Case("nickname", "does_not_contain", #""da""#, nil, true),
        Case("nickname", "starts_with", #""Ad""#, .string("Ada"), true),
        Case("nickname", "starts_with", #""da""#, .string("Ada"), false),
        Case("nickname", "in", #"["Ada", "Bob"]"#, .string("Bob"), true),
        Case("nickname", "in", #"["Ada", "Bob"]"#, .string("Cy"), false),
        Case("nickname", "not_in", #"["Ada", "Bob"]"#, .string("Cy"), true),
        Case("nickname", "not_in", #"["Ada", "Bob"]"#, .string("Ada"), false),
        Case("nickname", "is_set", nil, .string("Ada"), true),
        Case("nickname", "is_set", nil, .string(""), false),
        Case("nickname", "is_set", nil, nil, false),
        Case("nickname", "is_not_set", nil, nil, true),
        Case("nickname", "is_not_set", nil, .string("Ada"), false),
    ]

    static let enumerated: [Case] = [
        Case("tier", "equals", #""gold""#, .string("gold"), true),
        Case("tier", "not_equals", #""gold""#, .string("silver"), true),
        Case("tier", "contains", #""ol""#, .string("gold"), true),
        Case("tier", "does_not_contain", #""ol""#, .string("silver"), true),
        Case("tier", "starts_with", #""g""#, .string("gold"), true),
        Case("tier", "in", #"["gold", "silver"]"#, .string("silver"), true),
        Case("tier", "not_in", #"["gold", "silver"]"#, .string("silver"), false),
        Case("tier", "is_set", nil, .string("gold"), true),
        Case("tier", "is_not_set", nil, .string("gold"), false),
    ]

    static let number: [Case] = [
        Case("score", "equals", "10", .int(10), true),
        Case("score", "equals", "10", .double(10.5), false),
        Case("score", "not_equals", "10", .double(10.5), true),
        Case("score", "not_equals", "10", nil, true),
        Case("score", "greater", "10", .int(11), true),
        Case("score", "greater", "10", .int(10), false),
        Case("score", "greater", "10", nil, false),
        Case("score", "less", "10", .double(9.5), true),
        Case("score", "less", "10", .int(10), false),
        Case("score", "between", "[10, 20]", .int(20), true),
        Case("score", "between", "[10, 20]", .int(10), true),
        Case("score", "between", "[10, 20]", .int(21), false),
        Case("score", "in", "[1, 2, 3]", .int(2), true),
        Case("score", "in", "[1, 2, 3]", .string("3"), true),
        Case("score", "not_in", "[1, 2, 3]", .int(4), true),
        Case("score", "not_in", "[1, 2, 3]", .int(1), false),
        Case("score", "is_set", nil, .int(0), true),
        Case("score", "is_set", nil, .string("n/a"), false),
        Case("score", "is_not_set", nil, nil, true),
    ]

    static let boolean: [Case] = [
        Case("vip", "equals", "true", .bool(true), true),
        Case("vip", "equals", "true", .bool(false), false),
        Case("vip", "equals", "false", .string("false"), true),
        Case("vip", "equals", "true", nil, false),
        Case("vip", "not_equals", "true", .bool(false), true),
        Case("vip", "not_equals", "true", nil, true),
        Case("vip", "is_set", nil, .bool(false), true),
        Case("vip", "is_not_set", nil, nil, true),
    ]

    static let date: [Case] = [
        Case("birthday", "equals", #""2026-11-20""#, .string("2026-11-20"), true),
        Case("birthday", "equals", #""2026-11-20""#, .string("2026-11-21"), false),
        Case("birthday", "not_equals", #""2026-11-20""#, .string("2026-11-21"), true),
        Case("birthday", "before", #""2026-11-20""#, .string("2026-11-19"), true),
        Case("birthday", "before", #""2026-11-20""#, .string("2026-11-20"), false),
        Case("birthday", "after", #""2026-11-20""#, .string("2026-11-21"), true),
        Case("birthday", "after", #""2026-11-20""#, .string("2026-11-19"), false),
        Case("birthday", "between", #"["2026-11-01", "2026-11-30"]"#, .string("2026-11-30"), true),
        Case("birthday", "between", #"["2026-11-01", "2026-11-30"]"#, .string("2026-12-01"), false),
        Case("birthday", "within_last_days", "7", .string("2026-11-20"), true),
        Case("birthday", "within_last_days", "7", .string("2026-11-10"), false),
        Case("birthday", "more_than_days_ago", "7", .string("2026-11-10"), true),
        Case("birthday", "more_than_days_ago", "7", .string("2026-11-20"), false),
        Case("birthday", "more_than_days_ago", "7", nil, false),
        Case("birthday", "is_set", nil, .string("2026-11-20"), true),
        Case("birthday", "is_not_set", nil, .string("not a date"), true),
    ]

    static let datetime: [Case] = [
        Case("last_seen", "equals", #""2026-11-20""#, .string("2026-11-20T23:59:59Z"), true),
        Case("last_seen", "not_equals", #""2026-11-20""#, .string("2026-11-21T00:00:00Z"), true),
        Case("last_seen", "before", #""2026-11-20T08:00:00Z""#, .string("2026-11-20T07:59:59.5Z"), true),
        Case("last_seen", "before", #""2026-11-20T08:00:00Z""#, .string("2026-11-20T10:00:00+02:00"), false),
        Case("last_seen", "after", #""2026-11-20T08:00:00Z""#, .string("2026-11-20T08:00:01Z"), true),
        Case(
            "last_seen", "between", #"["2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"]"#,
            .string("2026-11-21T00:00:00Z"), true),
        Case(
            "last_seen", "between", #"["2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"]"#,
            .string("2026-11-21T00:00:01Z"), false),
        Case("last_seen", "within_last_days", "1", .string("2026-11-23T00:00:01Z"), true),
        Case("last_seen", "within_last_days", "1", .string("2026-11-22T23:59:59Z"), false),
        Case("last_seen", "more_than_days_ago", "1", .string("2026-11-22T23:59:59Z"), true),
        Case("last_seen", "is_set", nil, .string("2026-11-20T08:00:00Z"), true),
        Case("last_seen", "is_not_set", nil, nil, true),
    ]

    @Test(arguments: text + enumerated + number + boolean + date + datetime)
    func attributeCondition(_ example: Case) throws {
        // Given one condition
        let value = example.value.map { #", "value": \#($0)"# } ?? ""
        let plan = try Fixture.plan(
            Fixture.rule(#"{"attribute": "\#(example.attribute)", "op": "\#(example.op)"\#(value)}"#))

        // Then it holds exactly when expected for the contact's value
        let facts = Fixture.contact(example.contact.map { [example.attribute: $0] } ?? [:])
        #expect(Fixture.holds(plan, facts) == example.expected)
    }

    @Test func tagConditions() throws {
        let has = try Fixture.plan(Fixture.rule(#"{"attribute": "tags", "op": "has_tag", "value": "vip"}"#))
        let hasNot = try Fixture.plan(
            Fixture.rule(#"{"attribute": "tags", "op": "does_not_have_tag", "value": "vip"}"#))
        let any = try Fixture.plan(Fixture.rule(#"{"attribute": "tags", "op": "is_set"}"#))
        let none = try Fixture.plan(Fixture.rule(#"{"attribute": "tags", "op": "is_not_set"}"#))
        let tagged = Fixture.contact(tags: ["vip", "new"])
        let other = Fixture.contact(tags: ["new"])
        let untagged = Fixture.contact()
        #expect([tagged, other, untagged].map { Fixture.holds(has, $0) } == [true, false, false])
        #expect([tagged, other, untagged].map { Fixture.holds(hasNot, $0) } == [false, true, true])
        #expect([tagged, other, untagged].map { Fixture.holds(any, $0) } == [true, true, false])
        #expect([tagged, other, untagged].map { Fixture.holds(none, $0) } == [false, false, true])
    }

    @Test(arguments: [
        ("score", "contains"), ("score", "has_tag"), ("vip", "greater"), ("nickname", "greater"),
        ("birthday", "contains"), ("tier", "within_last_days"), ("tags", "equals"), ("vip", "in"),
    ])
    func operatorThatDoesNotFitTheTypeIsRejectedNamingTheCondition(attribute: String, op: String) throws {
        // When an operator meets an attribute of the wrong type
        let json = Fixture.rule(
            #"{"all": [{"attribute": "location", "op": "is_set"}, {"attribute": "\#(attribute)", "op": "\#(op)", "value": 1}]}"#
        )

        // Then compiling fails with the condition's path, the operator and the reason
        let error = try #require(throws: RosterError.self) { try Fixture.plan(json) }
        #expect(error.code == "invalid_segment")
        #expect(error.details.first?.field == "rule.all[1].op")
        #expect(error.details.first?.value == op)
        #expect(error.message.hasPrefix("rule.all[1].op: \(op) does not fit"))
    }
}
