import HTTPTypes

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One glibc iconv conversion from an encoding to UTF-8. Owns its `iconv_t`; not for use by two threads at once.
public final class Iconv {
    private let handle: iconv_t

    private init(handle: iconv_t) {
        self.handle = handle
    }

    /// Opens a conversion from `encoding` to UTF-8; throws when this system's iconv does not know the encoding.
    public static func toUTF8(from encoding: TextEncoding) throws -> Iconv {
        let handle = iconv_open("UTF-8", encoding.iconvName)
        guard let handle, Int(bitPattern: handle) != -1 else {
            throw RosterError(
                code: "encoding_unavailable", message: "this system cannot decode \(encoding.displayName)",
                status: .internalServerError)
        }
        return Iconv(handle: handle)
    }

    deinit {
        iconv_close(handle)
    }

    /// What a lenient conversion made of its input.
    public struct Outcome {
        /// The UTF-8 output, with `replacement` where a sequence was invalid.
        public var output: [UInt8]
        /// How many invalid sequences were replaced.
        public var invalid: Int
        /// Bytes at the end that start a character but do not finish it (kept for the next chunk).
        public var incomplete: Int
    }

    /// The input as UTF-8, or nil when any sequence in it is invalid or incomplete.
    public func strict(_ input: ArraySlice<UInt8>) -> [UInt8]? {
        let outcome = lenient(input, replacement: [], skip: 1, isFinal: true)
        return outcome.invalid == 0 && outcome.incomplete == 0 ? outcome.output : nil
    }

    /// Converts everything it can: an invalid sequence becomes `replacement` and `skip` bytes are passed over.
    /// When `isFinal` is false, an incomplete sequence at the end is left unconverted and counted in `incomplete`.
    public func lenient(_ input: ArraySlice<UInt8>, replacement: [UInt8], skip: Int, isFinal: Bool) -> Outcome {
        iconv(handle, nil, nil, nil, nil)
        var outcome = Outcome(output: [], invalid: 0, incomplete: 0)
        outcome.output.reserveCapacity(input.count * 3 / 2 + 16)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var source = Array(input)
        source.withUnsafeMutableBufferPointer { sourceBuffer in
            var offset = 0
            while offset < sourceBuffer.count {
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                    sourceBuffer.baseAddress! + offset
                ).assumingMemoryBound(to: CChar.self)
                var inLeft = sourceBuffer.count - offset
                let (result, code, produced, consumed) = buffer.withUnsafeMutableBufferPointer { target in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(target.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = target.count
                    let before = inLeft
                    let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    let code = errno
                    return (result, code, target.count - outLeft, before - inLeft)
                }
                outcome.output.append(contentsOf: buffer[0..<produced])
                offset += consumed
                guard result == -1 else { continue }
                switch code {
                case E2BIG:
                    continue
                case EINVAL where !isFinal:
                    outcome.incomplete = sourceBuffer.count - offset
                    return
                default:
                    outcome.invalid += 1
                    outcome.output.append(contentsOf: replacement)
                    offset = min(sourceBuffer.count, offset + skip)
                    iconv(handle, nil, nil, nil, nil)
                }
            }
        }
        return outcome
    }
}
