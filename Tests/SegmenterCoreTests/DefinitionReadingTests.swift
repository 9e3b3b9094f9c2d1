import RosterModel
import SegmenterCore
import Testing

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
}
