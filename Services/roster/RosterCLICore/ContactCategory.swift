import ArgumentParser

/// The contact categories the resolver lists and searches by, as `--category` takes them.
public enum ContactCategory: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// Every contact.
    case all
    /// Contacts with a value for a primary-key attribute.
    case realName = "real_name"
    /// Contacts without one.
    case anonymous
    /// Contacts that follow a WeChat official account.
    case wechatFans = "wechat_fans"
}
