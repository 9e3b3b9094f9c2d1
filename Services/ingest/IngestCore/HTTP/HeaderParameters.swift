import Foundation

/// The `key=value` parameters after a header's first `;` (`form-data; name="file"; filename="a.csv"`), keys
/// lower-cased, quotes taken off.
struct HeaderParameters {
    private var values: [String: String] = [:]

    init(_ header: String) {
        var rest = Substring(header)
        guard let first = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: first)...]
        while !rest.isEmpty {
            let (parameter, remainder) = Self.nextParameter(rest)
            rest = remainder
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            values[key] = value
        }
    }

    subscript(key: String) -> String? { values[key] }

    /// One parameter up to the next `;` outside quotes, and what follows it.
    private static func nextParameter(_ text: Substring) -> (Substring, Substring) {
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { return (text[..<index], text[text.index(after: index)...]) }
            index = text.index(after: index)
        }
        return (text, text[text.endIndex...])
    }
}
