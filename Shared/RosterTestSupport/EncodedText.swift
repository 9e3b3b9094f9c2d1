import RosterRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text written in another encoding by the system's iconv, for test files as a spreadsheet would save them.
public enum EncodedText {
    /// The text's bytes in `encoding` (no byte-order mark).
    public static func bytes(_ text: String, as encoding: TextEncoding) -> [UInt8] {
        let handle = iconv_open(encoding.iconvName, "UTF-8")!
        defer { iconv_close(handle) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(source.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(target.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = source.count
                var outLeft = target.count
                precondition(
                    iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1, "\(text) not in \(encoding)")
                return target.count - outLeft
            }
        }
        return Array(output.prefix(produced))
    }
}
