import RosterKafka
import RosterModel
import RosterRuntime

extension ApplyContext {
    /// Queues a channel contact's snapshot on `cdp.social-contacts` (written by its `FastJSONEncodable` writer).
    func publishSnapshot(_ contact: SocialContactSnapshot) throws {
        try publish(Topics.socialContacts, key: contact.key, value: contact)
    }
}
