import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SegmenterCore

@Suite("The documented model case: new members in China who registered by form or QR code")
struct ModelCaseTests {
    let plan: SegmentPlan
    let registered = Fixture.event(
        "form_submit", daysAgo: 1,
        ["form": .string("member registration"), "name": .string("Ada"), "email": .string("ada@example.com")])

    init() throws {
        plan = try Fixture.plan(SegmentExamples.modelCase)
    }

    func contact(location: String = "China", createdDaysAgo: Double = 2, events: [FactEvent]) -> ContactFacts {
        Fixture.contact(
            ["location": .string(location), "created_at": Fixture.time(daysAgo: createdDaysAgo)], events: events)
    }

    @Test func definitionParsesExactlyAsWritten() throws {
        // Given DESIGN.md's JSON
        let definition = try Fixture.definition(SegmentExamples.modelCase)

        // Then every part is read
        #expect(definition.name == "New members in China")
        #expect(definition.type == .standard)
        #expect(definition.clusters?.count == 2)
        #expect(definition.clusters?[0].join == .and)
        #expect(
            definition.clusters?[0].conditions[1]
                == .attribute(AttributeCondition(attribute: "created_at", op: .withinLastDays, value: .int(7))))
        guard case .behaviour(let form) = definition.clusters?[1].conditions[0] else {
            Issue.record("the first condition of the second cluster is a behaviour condition")
            return
        }
        #expect(form.event == "form_submit")
        #expect(form.did)
        #expect(form.where?.conditions.map(\.property) == ["form", "name", "email"])
        #expect(form.where?.conditions[1].op == .isSet)
        #expect(plan.events == ["form_submit", "wechat_qr_scan"])
        #expect(plan.dependsOnTime)
    }

    @Test func formRegistrantIsAMember() {
        #expect(Fixture.holds(plan, contact(events: [registered])))
    }

    @Test func qrScannerIsAMember() {
        let scan = Fixture.event("wechat_qr_scan", daysAgo: 3, ["qr_code": .string("member registration")])
        #expect(Fixture.holds(plan, contact(events: [scan])))
    }

    @Test func eachMissingPartKeepsTheContactOut() {
        // Another country, too old a contact, no event, a form without e-mail, another QR code
        #expect(!Fixture.holds(plan, contact(location: "Japan", events: [registered])))
        #expect(!Fixture.holds(plan, contact(createdDaysAgo: 8, events: [registered])))
        #expect(!Fixture.holds(plan, contact(events: [])))
        let noEmail = Fixture.event(
            "form_submit", daysAgo: 1, ["form": .string("member registration"), "name": .string("Ada")])
        #expect(!Fixture.holds(plan, contact(events: [noEmail])))
        let otherForm = Fixture.event(
            "form_submit", daysAgo: 1, ["form": .string("survey"), "name": .string("A"), "email": .string("a@b.c")])
        #expect(!Fixture.holds(plan, contact(events: [otherForm])))
        let otherScan = Fixture.event("wechat_qr_scan", daysAgo: 1, ["qr_code": .string("store 12")])
        #expect(!Fixture.holds(plan, contact(events: [otherScan])))
    }

    @Test func explanationNamesEachConditionWithTheValueSeen() {
        // Given a Japanese contact who registered by form
        let facts = contact(location: "Japan", events: [registered])

        // When the membership is explained
        let explanation = SegmentEvaluator(now: Fixture.now) { _ in false }.explain(plan, facts)

        // Then the location condition failed on "Japan" and the form condition held once
        #expect(!explanation.held)
        let first = explanation.children?[0].children?[0]
        #expect(first?.path == "clusters[0].conditions[0]")
        #expect(first?.held == false)
        #expect(first?.seen == .string("Japan"))
        #expect(
            first?.condition
                == .object(["attribute": .string("location"), "op": .string("equals"), "value": .string("China")]))
        let form = explanation.children?[1].children?[0]
        #expect(form?.path == "clusters[1].conditions[0]")
        #expect(form?.held == true)
        #expect(form?.seen == .int(1))
    }
}
