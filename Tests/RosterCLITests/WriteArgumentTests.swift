import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("Arguments and bodies of tag, delete and metadata writes")
struct WriteArgumentTests {
    @Test func tagChangeBodyHasBothLists() throws {
        let change = try TagChange(add: ["vip", "新客"], addHidden: ["batch-7"], remove: [])

        #expect(
            String(decoding: try change.body(), as: UTF8.self)
                == #"{"add":["vip","新客"],"add_hidden":["batch-7"],"remove":[]}"#)
        #expect(change.summary == "adds vip, 新客; adds hidden batch-7")
    }

    @Test func tagChangeNeedsATagAndRefusesOneBothAddedAndRemoved() {
        let none = #expect(throws: RosterCLIError.self) { try TagChange(add: [], remove: []) }
        let both = #expect(throws: RosterCLIError.self) { try TagChange(add: ["vip"], remove: ["old", "vip"]) }

        #expect(none?.code == .usage)
        #expect(none?.message.hasPrefix("give tags to change") == true)
        #expect(both?.message == "tag vip is given to both --add and --remove")
    }

    @Test func attributeBodyHasEveryKey() throws {
        let definition = try AttributeDefinitionRequest(
            key: "level", label: "会员等级", type: "enum", primaryKey: false, options: ["gold", "silver"])

        #expect(
            String(decoding: try definition.body(), as: UTF8.self)
                == #"{"key":"level","label":"会员等级","options":["gold","silver"],"primary_key":false,"type":"enum"}"#)
    }

    @Test func attributeTypeMustBeKnown() {
        let error = #expect(throws: RosterCLIError.self) {
            try AttributeDefinitionRequest(
                key: "points", label: "Points", type: "integer", primaryKey: false, options: [])
        }

        #expect(error?.message == #"--type must be one of text|number|boolean|date|datetime|enum: got "integer""#)
        #expect(error?.details.first?.field == "--type")
        #expect(error?.exitCode == 64)
    }

    @Test func optionsGoWithEnumAndOnlyWithEnum() {
        let missing = #expect(throws: RosterCLIError.self) {
            try AttributeDefinitionRequest(key: "level", label: "Level", type: "enum", primaryKey: false, options: [])
        }
        let stray = #expect(throws: RosterCLIError.self) {
            try AttributeDefinitionRequest(key: "note", label: "Note", type: "text", primaryKey: false, options: ["a"])
        }
        let twice = #expect(throws: RosterCLIError.self) {
            try AttributeDefinitionRequest(
                key: "level", label: "Level", type: "enum", primaryKey: false, options: ["a", "b", "a"])
        }

        #expect(missing?.message == "--type enum needs its values, one --option each")
        #expect(stray?.message == "--option is only for --type enum, not text")
        #expect(twice?.message == "--option a is given twice")
    }

    @Test func keyMustBeSnakeCaseAndLabelNotEmpty() {
        for key in ["Points", "member-points", "1st", ""] {
            let error = #expect(throws: RosterCLIError.self) {
                try AttributeDefinitionRequest(key: key, label: "L", type: "text", primaryKey: false, options: [])
            }
            #expect(error?.details.first?.reason == "must be snake_case")
        }
        let label = #expect(throws: RosterCLIError.self) {
            try EventDefinitionRequest(key: "visit", label: "  ", properties: [])
        }
        #expect(label?.message == "--label must not be empty")
    }

    @Test func eventBodyMapsPropertyNamesToTypes() throws {
        let definition = try EventDefinitionRequest(
            key: "purchase", label: "Purchase", properties: ["amount=number", "orderId=text"])

        #expect(
            String(decoding: try definition.body(), as: UTF8.self)
                == #"{"key":"purchase","label":"Purchase","properties":{"amount":"number","orderId":"text"}}"#)
    }

    @Test func eventPropertyMustBeNameEqualsKnownTypeGivenOnce() {
        let shape = #expect(throws: RosterCLIError.self) {
            try EventDefinitionRequest(key: "purchase", label: "P", properties: ["amount"])
        }
        let type = #expect(throws: RosterCLIError.self) {
            try EventDefinitionRequest(key: "purchase", label: "P", properties: ["amount=money"])
        }
        let twice = #expect(throws: RosterCLIError.self) {
            try EventDefinitionRequest(key: "purchase", label: "P", properties: ["amount=number", "amount=text"])
        }

        #expect(shape?.message == #"--property must be NAME=TYPE, like amount=number: got "amount""#)
        #expect(type?.message.hasPrefix("--property amount must be one of text|number") == true)
        #expect(twice?.message == "--property amount is given twice")
    }

    @Test func deleteWithoutYesAndWithoutATerminalTellsToPassYes() {
        // Given no --yes and standard input that is not a terminal
        var asked = false

        // When confirmation is required, then it is a usage error naming --yes, and nothing is asked
        let error = #expect(throws: RosterCLIError.self) {
            try Confirmation.require(yes: false, action: "delete contact c_1", isTerminal: false) { _ in
                asked = true
                return "y"
            }
        }
        #expect(error?.code == .usage)
        #expect(error?.exitCode == 64)
        #expect(error?.message == "pass --yes to delete contact c_1: standard input is not a terminal to confirm at")
        #expect(!asked)
    }

    @Test func deleteGoesAheadOnlyOnYes() throws {
        var question: String?
        try Confirmation.require(yes: false, action: "delete contact c_1", isTerminal: true) {
            question = $0
            return " Yes "
        }
        try Confirmation.require(yes: true, action: "delete contact c_1", isTerminal: false) { _ in nil }
        let refused = #expect(throws: RosterCLIError.self) {
            try Confirmation.require(yes: false, action: "delete contact c_1", isTerminal: true) { _ in "" }
        }
        let endOfInput = #expect(throws: RosterCLIError.self) {
            try Confirmation.require(yes: false, action: "delete contact c_1", isTerminal: true) { _ in nil }
        }

        #expect(question == "delete contact c_1? [y/N] ")
        #expect(refused?.code == .cancelled)
        #expect(refused?.exitCode == 1)
        #expect(endOfInput?.message == "did not delete contact c_1: not confirmed")
    }
}
