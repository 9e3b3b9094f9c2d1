import RosterModel

/// The readable forms of social-sync's answers.
public enum SocialText {
    /// A page or list of channel contacts as a table (user id, name, subscription, unified contact, tags), then the
    /// count.
    public static func contacts(_ answer: JSONValue) -> String {
        guard case .object(let members) = answer else { return TextFormat.outline(answer) }
        guard case .array(let contacts)? = members["contacts"] else { return TextFormat.outline(answer) }
        let rows = contacts.compactMap { contact -> [String]? in
            guard case .object(let fields) = contact else { return nil }
            return [
                TextFormat.cell(fields["channel_user_id"] ?? .null), TextFormat.cell(fields["display_name"] ?? .null),
                fields["subscribed"] == .bool(true) ? "subscribed" : "unsubscribed",
                TextFormat.cell(fields["contact_id"] ?? .null), TextFormat.cell(fields["tags"] ?? .null),
            ]
        }
        let table = TextFormat.table(["USER ID", "NAME", "SUBSCRIPTION", "CONTACT ID", "TAGS"], rows)
        let count =
            members["total"]?.text.map { "\(contacts.count) of \($0) contacts" }
            ?? TextFormat.count(contacts.count, "contact")
        return table + "\n\n" + count
    }

    /// The user ids of an id-export CSV (its header left out).
    public static func userIDs(_ csv: String) -> [String] {
        Array(
            csv.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).dropFirst().map(String.init)
                .filter { !$0.isEmpty })
    }

    /// A job's progress line: `importing 500/2000 rows`.
    public static func progress(_ job: JSONValue) -> String {
        guard case .object(let fields) = job else { return "" }
        return
            "\(fields["status"]?.text ?? "?") \(fields["rows_done"]?.text ?? "0")/\(fields["total"]?.text ?? "?") rows"
    }
}
