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
