/// The attributes of one XML start tag, by local name, in document order.
///
/// A short list searched in order rather than a dictionary: a spreadsheet's tags carry two or three attributes, and
/// a dictionary per tag hashed every attribute name of every cell of a sheet.
struct XMLAttributes: Equatable, ExpressibleByDictionaryLiteral {
    private var pairs: [(name: String, value: String)]

    init(dictionaryLiteral elements: (String, String)...) {
        pairs = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The value of the attribute `name`; the last one when a tag repeats it.
    subscript(name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    /// Adds an attribute read from the tag.
    mutating func append(name: String, value: String) {
        pairs.append((name, value))
    }

    /// Equal when each name has the same value, whatever the order.
    static func == (lhs: XMLAttributes, rhs: XMLAttributes) -> Bool {
        lhs.dictionary == rhs.dictionary
    }

    private var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
