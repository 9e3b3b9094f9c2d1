import RosterModel

/// Readable text for the segmenter's answers: a segment, a list, members, and an explanation.
public enum SegmentText {
    /// One segment: `id  name  status  N members  vV`, then its definition.
    public static func segment(_ answer: JSONValue) -> String {
        guard case .object(let fields) = answer else { return TextFormat.outline(answer) }
        var lines = [row(fields).joined(separator: "  ")]
        if let definition = fields["definition"] { lines.append(TextFormat.indented(TextFormat.outline(definition))) }
        return lines.joined(separator: "\n")
    }

    /// A list of segments as a table.
    public static func list(_ answer: JSONValue) -> String {
        guard case .object(let fields) = answer, case .array(let segments)? = fields["segments"] else {
            return TextFormat.outline(answer)
        }
        let rows = segments.compactMap { item -> [String]? in
            guard case .object(let segment) = item else { return nil }
            return row(segment) + [
                TextFormat.cell(segment["group_id"] ?? .null), TextFormat.cell(segment["updated_at"] ?? .null),
            ]
        }
        return TextFormat.table(["ID", "NAME", "STATUS", "MEMBERS", "VERSION", "GROUP", "UPDATED"], rows)
    }

    /// A page of members as a table: contact id, since when, then the attribute columns (those asked for, in that
    /// order, else every one the page has), and how many of the total, with the option for the next page.
    public static func members(_ answer: JSONValue, columns asked: [String] = []) -> String {
        guard case .object(let fields) = answer, case .array(let members)? = fields["members"] else {
            return TextFormat.outline(answer)
        }
        let rows = members.compactMap { item -> [String: JSONValue]? in
            if case .object(let member) = item { return member }
            return nil
        }
        let attributes = rows.map { row -> [String: JSONValue] in
            if case .object(let values)? = row["attributes"] { return values }
            return [:]
        }
        let columns = asked.isEmpty ? Set(attributes.flatMap(\.keys)).sorted() : asked
        let table = TextFormat.table(
            ["CONTACT ID", "SINCE"] + columns.map { $0.uppercased() },
            zip(rows, attributes).map { row, values in
                [TextFormat.cell(row["contact_id"] ?? .null), TextFormat.cell(row["since"] ?? .null)]
                    + columns.map { TextFormat.cell(values[$0] ?? .null) }
            })
        var summary = "\(rows.count) of \(TextFormat.cell(fields["total"] ?? .null)) members"
        if case .string(let next)? = fields["next"] { summary += "; next page: --after \(next)" }
        return table + "\n\n" + summary
    }

    /// A segment's history: the member count per day, then each entry and exit in order, as two tables.
    public static func history(_ answer: JSONValue) -> String {
        guard case .object(let fields) = answer else { return TextFormat.outline(answer) }
        func rows(_ key: String, _ columns: [String]) -> [[String]] {
            guard case .array(let items)? = fields[key] else { return [] }
            return items.compactMap { item in
                guard case .object(let values) = item else { return nil }
                return columns.map { TextFormat.cell(values[$0] ?? .null) }
            }
        }
        let days = rows("days", ["day", "members"])
        let changes = rows("changes", ["seq", "at", "status", "contact_id", "definition_version"])
        return [
            days.isEmpty ? "no member counts yet" : TextFormat.table(["DAY", "MEMBERS"], days),
            changes.isEmpty
                ? "no entries or exits"
                : TextFormat.table(["SEQ", "AT", "STATUS", "CONTACT ID", "VERSION"], changes),
        ].joined(separator: "\n\n")
    }

    /// An explanation tree: one line a node, `✓` held or `✗` not, with the path and the value seen.
    public static func why(_ answer: JSONValue) -> String {
        guard case .object(let fields) = answer, let explanation = fields["explanation"] else {
            return TextFormat.outline(answer)
        }
        let member = fields["member"] == .bool(true) ? "is a member" : "is not a member"
        var lines = [
            "\(TextFormat.cell(fields["contact_id"] ?? .null)) \(member) of \(TextFormat.cell(fields["segment_id"] ?? .null))"
        ]
        func walk(_ node: JSONValue, depth: Int) {
            guard case .object(let item) = node else { return }
            let mark = item["held"] == .bool(true) ? "✓" : "✗"
            var line = String(repeating: "  ", count: depth) + mark + " "
            if case .string(let path)? = item["path"] {
                line +=
                    path + (item["condition"].map { " " + TextFormat.cell($0) } ?? "") + " saw "
                    + TextFormat.cell(item["seen"] ?? .null)
            } else {
                line += TextFormat.cell(item["node"] ?? .null)
            }
            lines.append(line)
            if case .array(let children)? = item["children"] { children.forEach { walk($0, depth: depth + 1) } }
        }
        walk(explanation, depth: 0)
        return lines.joined(separator: "\n")
    }

    private static func row(_ segment: [String: JSONValue]) -> [String] {
        ["segment_id", "name", "status", "member_count", "version"].map { TextFormat.cell(segment[$0] ?? .null) }
    }
}
