import RosterModel

/// The readable forms of social-sync's answers.
public enum SocialText {
    /// A page or list of channel contacts: one line per contact (user id, name, subscribed, tags), then the count.
    public static func contacts(_ answer: JSONValue) -> String {
        guard case .object(let members) = answer else { return TextFormat.outline(answer) }
        guard case .array(let contacts)? = members["contacts"] else { return TextFormat.outline(answer) }
        var lines = contacts.map { contact -> String in
            guard case .object(let fields) = contact else { return "" }
            let tags: String =
                if case .array(let values)? = fields["tags"] { values.compactMap(\.text).joined(separator: ",") } else {
                    ""
                }
            return [
                fields["channel_user_id"]?.text ?? "", fields["display_name"]?.text ?? "-",
                fields["subscribed"]?.text == "true" ? "subscribed" : "unsubscribed", tags,
            ].joined(separator: "\t")
        }
        if let total = members["total"]?.text {
            lines.append("\(contacts.count) of \(total)")
        } else {
            lines.append("\(contacts.count) contacts")
        }
        return lines.joined(separator: "\n")
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
