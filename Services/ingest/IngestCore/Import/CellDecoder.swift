/// Turns a CSV field's bytes into text, strictly: bytes that do not decode in the file's encoding make the cell
/// undecodable (with the reason), never silently repaired text.
struct CellDecoder {
    /// The file's encoding, as messages name it.
    let encoding: TextEncoding
    /// Whether the bytes given are UTF-8 (the file's own, or UTF-16 already transcoded).
    private let bytesAreUTF8: Bool
    private let converter: Iconv?

    init(encoding: TextEncoding) throws {
        self.encoding = encoding
        self.bytesAreUTF8 = !(encoding == .gb18030 || encoding == .big5)
        self.converter = bytesAreUTF8 ? nil : try Iconv.toUTF8(from: encoding)
    }

    /// The cell the bytes make.
    func decode(_ bytes: [UInt8]) -> SourceCell {
        if bytes.allSatisfy({ $0 < 0x80 }) { return SourceCell(text: String(decoding: bytes, as: UTF8.self)) }
        if bytesAreUTF8 {
            if let text = String(validating: bytes, as: UTF8.self) { return SourceCell(text: text) }
            return undecodable(String(decoding: bytes, as: UTF8.self))
        }
        if let converter, let output = converter.strict(bytes[...]) {
            return SourceCell(text: String(decoding: output, as: UTF8.self))
        }
        let lossy = converter?.lenient(bytes[...], replacement: [0xEF, 0xBF, 0xBD], skip: 1, isFinal: true).output
        return undecodable(String(decoding: lossy ?? [], as: UTF8.self))
    }

    private func undecodable(_ lossy: String) -> SourceCell {
        SourceCell(
            text: lossy,
            undecodable: "does not decode as \(encoding.displayName); choose the file's encoding and preview again")
    }
}
