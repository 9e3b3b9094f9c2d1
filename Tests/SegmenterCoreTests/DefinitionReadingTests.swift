import RosterModel
import Testing

@testable import SegmenterCore

@Suite("Reading segment definitions as people write them")
struct DefinitionReadingTests {
    @Test func aDefinitionWithoutATypeIsStandardWithClustersAndAdvancedWithARule() throws {
        // Given two definitions that leave out `type`, one with clusters and one with a rule
        let standard =
            #"{"name": "vip", "clusters": [{"join": "and", "conditions": [{"attribute": "tags", "op": "has_tag", "value": "vip"}]}]}"#
        let advanced = #"{"name": "not vip", "rule": {"not": {"attribute": "tags", "op": "has_tag", "value": "vip"}}}"#

        // When they are read
        let first = try WireCodec.decode(SegmentDefinition.self, from: Array(standard.utf8))
        let second = try WireCodec.decode(SegmentDefinition.self, from: Array(advanced.utf8))

        // Then the first is standard and the second advanced, and each writes its type back out
        #expect(first.type == .standard && first.clusters?.count == 1)
        #expect(second.type == .advanced && second.rule != nil)
        #expect(String(decoding: try WireCodec.encode(first), as: UTF8.self).contains(#""type":"standard""#))
    }

    @Test func aDefinitionWithoutANameIsRefusedNamingIt() {
        // Given a definition without its name
        let json = #"{"type": "standard", "clusters": []}"#

        // Then reading it names the field
        #expect(throws: WireError(field: "name", reason: "is required")) {
            try WireCodec.decode(SegmentDefinition.self, from: Array(json.utf8))
        }
    }

    @Test func aFieldAConditionDoesNotHaveIsNamedWithThePathAndTheFieldsItHas() throws {
        func unknown(_ json: String) throws -> ErrorDetail? {
            guard case .object(let fields) = try WireCodec.decode(JSONValue.self, from: Array(json.utf8)) else {
                return nil
            }
            return DefinitionFields.unknown(clusters: fields["clusters"], rule: fields["rule"])
        }

        // A misspelt window on a behaviour condition of a standard segment
        #expect(
            try unknown(
                #"{"clusters": [{"join": "and", "conditions": [{"attribute": "location", "op": "is_set"}, "#
                    + #"{"event": "email_open", "within_last_day": 30}]}]}"#)
                == ErrorDetail(
                    field: "clusters[0].conditions[1].within_last_day",
                    reason: "is not a field of a behaviour condition "
                        + "(its fields: event, did, where, count, within_last_days, between)"))
        // Inside an advanced rule's property filter, and in a count
        #expect(
            try unknown(
                #"{"rule": {"all": [{"not": {"event": "form_submit", "where": {"join": "and", "conditions": "#
                    + #"[{"property": "form", "op": "equals", "values": "x"}]}}}]}}"#)?.field
                == "rule.all[0].not.where.conditions[0].values")
        #expect(
            try unknown(#"{"rule": {"event": "order_paid", "count": {"op": "at_least", "times": 3}}}"#)?.field
                == "rule.count.times")
        #expect(try unknown(#"{"rule": {"any": [], "all": []}}"#)?.field == "rule.any")
        // And the model case, with every field it may have, has none unknown
        #expect(
            try unknown(
                #"{"clusters": [{"join": "or", "conditions": [{"event": "form_submit", "did": true, "#
                    + #""where": {"join": "and", "conditions": [{"property": "name", "op": "is_set"}]}, "#
                    + #""count": {"op": "at_least", "value": 1}, "within_last_days": 7}, "#
                    + #"{"attribute": "created_at", "op": "within_last_days", "value": 7}, {"segment": "seg-1"}, "#
                    + #"{"aggregate": "sum", "event": "order_paid", "property": "amount", "between": ["2026-01-01", "#
                    + #""2026-02-01"], "op": "greater", "value": 500}]}]}"#) == nil)
    }
}
