import RosterModel

/// Finds a field that a definition's clusters, conditions, property filters or counts do not have. Decoding skips
/// unknown fields, so a misspelt `within_last_day` would silently widen a condition to all time; a definition
/// sent to the API is refused instead, naming the field and the fields its object has. (Stored definitions and
/// those read from `cdp.segment-definitions` are not checked again.)
enum DefinitionFields {
    /// The first unknown field of a definition's `clusters` and `rule`, with its path (`clusters[0].conditions[1]`).
    static func unknown(clusters: JSONValue?, rule: JSONValue?) -> ErrorDetail? {
        if case .array(let clusters)? = clusters {
            for (index, cluster) in clusters.enumerated() {
                let path = "clusters[\(index)]"
                if let found = unknown(in: cluster, at: path, allowed: ["join", "conditions"], of: "a cluster") {
                    return found
                }
                if case .object(let fields) = cluster, case .array(let conditions)? = fields["conditions"] {
                    for (position, condition) in conditions.enumerated() {
                        if let found = unknownInCondition(condition, at: "\(path).conditions[\(position)]") {
                            return found
                        }
                    }
                }
            }
        }
        return rule.flatMap { unknownInRule($0, at: "rule") }
    }

    private static func unknownInRule(_ rule: JSONValue, at path: String) -> ErrorDetail? {
        guard case .object(let fields) = rule else { return nil }
        for group in ["all", "any"] where fields[group] != nil {
            if let found = unknown(in: rule, at: path, allowed: [group], of: "an \(group) group") { return found }
            guard case .array(let rules)? = fields[group] else { return nil }
            for (index, member) in rules.enumerated() {
                if let found = unknownInRule(member, at: "\(path).\(group)[\(index)]") { return found }
            }
            return nil
        }
        if let negated = fields["not"] {
            return unknown(in: rule, at: path, allowed: ["not"], of: "a not group")
                ?? unknownInRule(negated, at: "\(path).not")
        }
        return unknownInCondition(rule, at: path)
    }

    private static func unknownInCondition(_ condition: JSONValue, at path: String) -> ErrorDetail? {
        guard case .object(let fields) = condition else { return nil }
        if fields["segment"] != nil {
            return unknown(in: condition, at: path, allowed: ["segment"], of: "a segment condition")
        }
        if fields["aggregate"] != nil {
            let allowed = ["aggregate", "event", "property", "where", "within_last_days", "between", "op", "value"]
            return unknown(in: condition, at: path, allowed: allowed, of: "an aggregate condition")
                ?? unknownInFilter(fields["where"], at: "\(path).where")
        }
        if fields["event"] != nil {
            let allowed = ["event", "did", "where", "count", "within_last_days", "between"]
            return unknown(in: condition, at: path, allowed: allowed, of: "a behaviour condition")
                ?? unknownInFilter(fields["where"], at: "\(path).where")
                ?? fields["count"].flatMap {
                    unknown(in: $0, at: "\(path).count", allowed: ["op", "value"], of: "a count")
                }
        }
        return unknown(in: condition, at: path, allowed: ["attribute", "op", "value"], of: "an attribute condition")
    }

    private static func unknownInFilter(_ filter: JSONValue?, at path: String) -> ErrorDetail? {
        guard let filter else { return nil }
        if let found = unknown(in: filter, at: path, allowed: ["join", "conditions"], of: "a property filter") {
            return found
        }
        guard case .object(let fields) = filter, case .array(let conditions)? = fields["conditions"] else { return nil }
        for (index, condition) in conditions.enumerated() {
            let found = unknown(
                in: condition, at: "\(path).conditions[\(index)]", allowed: ["property", "op", "value"],
                of: "a property condition")
            if let found { return found }
        }
        return nil
    }

    private static func unknown(in value: JSONValue, at path: String, allowed: [String], of what: String)
        -> ErrorDetail?
    {
        guard case .object(let fields) = value,
            let field = fields.keys.sorted().first(where: { !allowed.contains($0) })
        else { return nil }
        return ErrorDetail(
            field: "\(path).\(field)",
            reason: "is not a field of \(what) (its fields: \(allowed.joined(separator: ", ")))")
    }
}
