/// The system's preset attributes and events: every tenant has them, with these stable keys.
public enum Presets {
    /// Preset attributes. `mobile`, `email` and `member_id` are primary keys.
    public static let attributes: [AttributeDefinition] = [
        .init(key: "mobile", label: "手机号", type: .text, primaryKey: true),
        .init(key: "email", label: "邮箱", type: .text, primaryKey: true),
        .init(key: "name", label: "姓名", type: .text),
        .init(key: "wechat_openid", label: "微信OpenID", type: .text),
        .init(key: "wechat_unionid", label: "微信UnionID", type: .text),
        .init(key: "contact_id", label: "联系人ID", type: .text),
        .init(key: "gender", label: "性别", type: .enum, options: ["male", "female", "unknown"]),
        .init(key: "location", label: "地区", type: .text),
        .init(key: "created_at", label: "创建时间", type: .datetime),
        .init(key: "member_points", label: "会员积分", type: .number),
        .init(key: "member_id", label: "会员ID", type: .text, primaryKey: true),
        .init(key: "member_day", label: "会员日", type: .date),
        .init(key: "order_count", label: "订单数", type: .number),
        .init(key: "order_amount", label: "订单金额", type: .number),
        .init(key: "first_purchase_at", label: "首次购买时间", type: .datetime),
        .init(key: "last_purchase_at", label: "最近购买时间", type: .datetime),
        .init(key: "overall_rating", label: "综合评分", type: .number),
        .init(key: "activity_index", label: "活跃指数", type: .number),
        .init(key: "spending_index", label: "消费指数", type: .number),
        .init(key: "email_engagement", label: "邮件互动", type: .number),
        .init(key: "wechat_engagement", label: "微信互动", type: .number),
        .init(key: "sms_engagement", label: "短信互动", type: .number),
    ]

    /// Preset behaviour events; their properties are free-form.
    public static let events: [EventDefinition] = [
        "email_click", "email_hard_bounce", "email_open", "email_send", "email_soft_bounce", "email_unsubscribe",
        "sms_click", "sms_send", "sms_unsubscribe", "wechat_menu_click", "wechat_cs_message", "wechat_mass_message",
        "wechat_reply", "wechat_qr_scan", "wechat_follow", "wechat_template_message", "wechat_unfollow", "form_open",
        "form_submit", "fan_tag_added", "fan_tag_removed", "tag_added", "tag_removed", "attribute_changed",
        "global_unsubscribe", "subscription_changed", "contact_merged",
    ].map { EventDefinition(key: $0, label: $0) }

    /// Identifier kinds that identify a contact without making it real-name.
    public static let channelIdentifierKinds: Set<String> = [
        "wechat_openid", "wechat_unionid", "line_uid", "fb_psid", "ig_sid", "whatsapp", "anonymous_id",
    ]
}
