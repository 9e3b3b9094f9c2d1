extension String {
    /// The text that `bytes` encode as UTF-8, or nil when they are not valid UTF-8.
    ///
    /// Decoding replaces every invalid sequence, so the bytes are valid exactly when decoding kept them as they
    /// were. `String(validating:as:)` says the same but looked up generic metadata on every call, which cost more
    /// than decoding a cell.
    init?(strictUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.allSatisfy({ $0 < 0x80 }) || text.utf8.elementsEqual(bytes) else { return nil }
        self = text
    }
}
