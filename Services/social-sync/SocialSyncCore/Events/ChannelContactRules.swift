import RosterModel

/// What one social event does to one channel contact: pure logic, no storage.
enum ChannelContactRules {
    /// The result of applying an event.
    enum Outcome: Equatable {
        /// The contact's new state, the tags newly applied, and whether what identifies it to the resolver changed.
        case upsert(SocialContactSnapshot, appliedTags: [String], identityChanged: Bool)
        /// The contact is removed.
        case delete
        /// Nothing to do (deleting a contact that does not exist).
        case none
    }

    /// Applies a validated event of a messaging channel to the contact (`nil` when it does not exist yet).
    static func apply(_ event: SocialEvent, kind: SocialEventKind, to existing: SocialContactSnapshot?) -> Outcome {
        if kind == .deleted { return existing == nil ? .none : .delete }
        let at = event.occurredAt
        var contact =
            existing
            ?? SocialContactSnapshot(
                tenant: event.tenant, channel: event.channel, channelUserId: event.channelUserId,
                subscribed: kind != .unsubscribed && kind != .blocked,
                subscribedAt: kind == .unsubscribed || kind == .blocked ? nil : at,
                recurringNotification: event.channel == Channel.facebook.rawValue ? false : nil,
                createdAt: at, updatedAt: at, eventId: event.id)
        let before = (contact.email, contact.phone, contact.memberId)
        if let name = event.displayName { contact.displayName = name }
        if let avatar = event.avatarUrl { contact.avatarUrl = avatar }
        if let email = event.email { contact.email = email }
        if let phone = event.phone, event.channel != Channel.whatsapp.rawValue { contact.phone = phone }
        if let member = event.memberId { contact.memberId = member }
        if let overQuota = event.overQuota { contact.overQuota = overQuota }
        var applied: [String] = []
        switch kind {
        case .subscribed, .followed:
            if !contact.subscribed || existing == nil {
                contact.subscribed = true
                contact.subscribedAt = at
            }
        case .unsubscribed, .blocked: contact.subscribed = false
        case .customerMessage, .botInteraction: latest(&contact.customerLastInteractionAt, at)
        case .teamMessage: latest(&contact.teamLastInteractionAt, at)
        case .marketingPush, .cartReminder: latest(&contact.teamLastMarketingAt, at)
        case .checkout: latest(&contact.lastCheckoutAt, at)
        case .socialBinding: contact.socialBound = true
        case .phoneBinding: contact.phoneBound = true
        case .memberBinding: contact.memberBound = true
        case .recurringNotificationOptIn: contact.recurringNotification = true
        case .recurringNotificationOptOut: contact.recurringNotification = false
        case .tagAdded, .contactAdded: applied = addTags(event.tags ?? [], to: &contact)
        case .tagRemoved: contact.tags = contact.tags.filter { !(event.tags ?? []).contains($0) }
        case .attributeSet: setAttributes(event.attributes ?? [:], on: &contact)
        case .imported:
            if event.overwriteTags == true {
                let old = Set(contact.tags)
                contact.tags = Array(Set(event.tags ?? [])).sorted()
                applied = contact.tags.filter { !old.contains($0) }
            } else {
                applied = addTags(event.tags ?? [], to: &contact)
            }
            setAttributes(event.attributes ?? [:], on: &contact)
            if let teammate = event.teammate { bind(&contact, teammate: teammate, store: event.storeCode) }
        case .omoBound: bind(&contact, teammate: event.teammate ?? unassignedTeammate, store: event.storeCode)
        case .testListAdded: contact.testList = true
        case .testListRemoved: contact.testList = false
        case .profileUpdated, .deleted, .teammateSaved, .storeSaved: break
        }
        contact.updatedAt = max(contact.updatedAt, at)
        contact.eventId = event.id
        let identityChanged = existing == nil || before != (contact.email, contact.phone, contact.memberId)
        return .upsert(contact, appliedTags: applied, identityChanged: identityChanged)
    }

    /// The contact event that tells the resolver who this channel user is: the channel id and what was learned.
    static func identityEvent(for contact: SocialContactSnapshot, socialEventID: String) -> ContactEvent? {
        guard let channel = Channel(rawValue: contact.channel) else { return nil }
        var identifiers = [channel.identifierKind: contact.channelUserId]
        if let email = contact.email { identifiers["email"] = email }
        if let phone = contact.phone { identifiers["mobile"] = phone }
        if let member = contact.memberId { identifiers["member_id"] = member }
        return ContactEvent(
            id: "social:\(socialEventID)", tenant: contact.tenant, type: .upsert, occurredAt: contact.updatedAt,
            source: "social-sync", identifiers: identifiers, mode: .fast)
    }

    /// The contact event that takes a deleted channel user's id off its unified contact (deleting that contact when
    /// the channel id was all it had), so that the profile keeps nothing of a user this worker forgot.
    static func unlinkEvent(for contact: SocialContactSnapshot, socialEventID: String, at: String) -> ContactEvent? {
        guard let channel = Channel(rawValue: contact.channel) else { return nil }
        return ContactEvent(
            id: "social:\(socialEventID)", tenant: contact.tenant, type: .unlink, occurredAt: at,
            source: "social-sync", identifiers: [channel.identifierKind: contact.channelUserId])
    }

    private static func latest(_ field: inout String?, _ time: String) {
        field = max(field ?? time, time)
    }

    private static func addTags(_ tags: [String], to contact: inout SocialContactSnapshot) -> [String] {
        let old = Set(contact.tags)
        let added = Set(tags).subtracting(old).sorted()
        contact.tags = old.union(added).sorted()
        return added
    }

    private static func setAttributes(_ attributes: [String: JSONValue], on contact: inout SocialContactSnapshot) {
        for (key, value) in attributes {
            if case .null = value { contact.attributes[key] = nil } else { contact.attributes[key] = value }
        }
    }

    private static func bind(_ contact: inout SocialContactSnapshot, teammate: String, store: String?) {
        if teammate == unassignedTeammate {
            contact.omoTeammate = nil
            contact.omoStore = nil
        } else {
            contact.omoTeammate = teammate
            contact.omoStore = store
        }
    }
}
