import Foundation
import RosterModel
import RosterRuntime
import Testing

@testable import SocialSyncCore

@Suite("Channel contact rules")
struct ChannelContactRulesTests {
    private func event(_ type: String, minute: Int = 0, configure: (inout SocialEvent) -> Void = { _ in })
        -> SocialEvent
    {
        var event = SocialEvent(
            id: "e\(minute)-\(type)", tenant: "dev", channel: "line", channelUserId: "U1", type: type,
            occurredAt: Timestamps.format(Timestamps.parse(String(format: "2026-11-20T08:%02d:00Z", minute))!))
        configure(&event)
        return event
    }

    private func apply(_ event: SocialEvent, to contact: SocialContactSnapshot?) -> SocialContactSnapshot? {
        guard
            case .upsert(let result, _, _) = ChannelContactRules.apply(
                event, kind: SocialEventKind(rawValue: event.type)!, to: contact)
        else { return nil }
        return result
    }

    @Test func importOverwritingTagsReplacesThemWhileAddingKeepsThem() throws {
        // Given a contact tagged vip and old
        let tagged = apply(event("tag_added") { $0.tags = ["vip", "old"] }, to: nil)

        // When one import row adds [new] and another overwrites with [new]
        let added = apply(event("imported", minute: 1) { $0.tags = ["new"] }, to: tagged)
        let overwritten = apply(
            event("imported", minute: 2) {
                $0.tags = ["new"]; $0.overwriteTags = true
            }, to: tagged)

        // Then adding unites the tags and overwriting leaves exactly the row's tags
        #expect(added?.tags == ["new", "old", "vip"])
        #expect(overwritten?.tags == ["new"])
    }

    @Test func omoBindRebindAndUnassigned() throws {
        // Given a contact
        let contact = apply(event("followed"), to: nil)

        // When it is bound, re-bound to another teammate and store, then unbound with UNASSIGNED
        let bound = apply(
            event("omo_bound", minute: 1) {
                $0.teammate = "T1"; $0.storeCode = "S1"
            }, to: contact)
        let rebound = apply(
            event("omo_bound", minute: 2) {
                $0.teammate = "T2"; $0.storeCode = "S2"
            }, to: bound)
        let unbound = apply(event("omo_bound", minute: 3) { $0.teammate = "UNASSIGNED" }, to: rebound)

        // Then each step leaves exactly that binding
        #expect(bound?.omoTeammate == "T1" && bound?.omoStore == "S1")
        #expect(rebound?.omoTeammate == "T2" && rebound?.omoStore == "S2")
        #expect(unbound?.omoTeammate == nil && unbound?.omoStore == nil)
    }

    @Test func interactionTimesNeverMoveBackwards() throws {
        // Given a customer message at minute 5
        let late = apply(event("customer_message", minute: 5), to: nil)

        // When an older message arrives afterwards
        let after = apply(event("customer_message", minute: 1), to: late)

        // Then the last interaction stays at minute 5
        #expect(after?.customerLastInteractionAt == "2026-11-20T08:05:00.000Z")
    }

    @Test func identityChangesOnlyWhenNewOrWhenEmailPhoneOrMemberChanges() throws {
        // Given a new contact, a message to it, and an e-mail binding
        let new = ChannelContactRules.apply(event("followed"), kind: .followed, to: nil)
        guard case .upsert(let contact, _, let newIdentity) = new else { Issue.record("no upsert"); return }
        let message = ChannelContactRules.apply(
            event("customer_message", minute: 1), kind: .customerMessage, to: contact)
        let binding = ChannelContactRules.apply(
            event("social_binding", minute: 2) { $0.email = "ada@example.com" }, kind: .socialBinding, to: contact)

        // Then only the first and the binding tell the resolver
        guard case .upsert(_, _, let messageIdentity) = message,
            case .upsert(let bound, _, let bindingIdentity) = binding
        else { Issue.record("no upsert"); return }
        #expect(newIdentity && !messageIdentity && bindingIdentity)
        let identity = ChannelContactRules.identityEvent(for: bound, socialEventID: "e2-social_binding")
        #expect(identity?.id == "social:e2-social_binding")
        #expect(identity?.identifiers == ["line_uid": "U1", "email": "ada@example.com"])
    }

    @Test func channelsHaveTheirOwnFields() {
        // Given the field lists of WhatsApp, Facebook and LINE
        let whatsapp = Channel.whatsapp.fields
        let facebook = Channel.facebook.fields
        let line = Channel.line.fields

        // Then only Facebook has recurring notifications, and WhatsApp has no separate phone or avatar
        #expect(facebook.contains("recurring_notification"))
        #expect(!line.contains("recurring_notification") && !whatsapp.contains("recurring_notification"))
        #expect(!whatsapp.contains("phone") && !whatsapp.contains("avatar_url"))
        #expect(line.contains("phone"))
    }

    @Test func recurringNotificationOnAnotherChannelIsInvalid() {
        // Given a recurring-notification opt-in on LINE
        let validator = SocialEventValidator(normalizer: IdentifierNormalizer(defaultCountry: "TW"))

        // When it is validated
        let error = #expect(throws: RosterError.self) {
            try validator.validate(event("recurring_notification_opt_in"))
        }

        // Then the reason names the type and the channel
        #expect(error?.details.first?.field == "type")
        #expect(error?.message.contains("exists only on facebook, not on line") == true)
    }
}
