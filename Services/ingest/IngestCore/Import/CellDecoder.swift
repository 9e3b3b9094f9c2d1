import RosterRuntime

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
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> SourceCell {
        if bytesAreUTF8 || bytes.allSatisfy({ $0 < 0x80 }) {
            if let text = String(strictUTF8: bytes) { return SourceCell(text: text) }
            return undecodable(String(decoding: bytes, as: UTF8.self))
        }
        let input = ArraySlice(bytes)
        if let converter, let output = converter.strict(input) {
            return SourceCell(text: String(decoding: output, as: UTF8.self))
        }
        let lossy = converter?.lenient(input, replacement: [0xEF, 0xBF, 0xBD], skip: 1, isFinal: true).output
        return undecodable(String(decoding: lossy ?? [], as: UTF8.self))
    }

    private func undecodable(_ lossy: String) -> SourceCell {
        SourceCell(
            text: lossy,
            undecodable: "does not decode as \(encoding.displayName); choose the file's encoding and preview again")
    }
}
