/// Guesses the encoding of a CSV file from its first bytes.
///
/// In order: a byte-order mark (UTF-8, UTF-16 LE/BE); UTF-16 without one, by the pattern of NUL bytes that ASCII
/// text leaves; strict UTF-8 validation (pure ASCII is UTF-8); otherwise GB18030 or Big5, whichever decodes the
/// sample with fewer errors and fewer rare characters (GB18030 when they tie). The caller can override the guess.
public enum EncodingDetector {
    /// What the detector found: the encoding and how many bytes of byte-order mark to skip.
    public struct Guess: Equatable, Sendable {
        public var encoding: TextEncoding
        public var bomLength: Int

        public init(encoding: TextEncoding, bomLength: Int) {
            self.encoding = encoding
            self.bomLength = bomLength
        }
    }

    /// How many of a file's first bytes a guess reads.
    public static let sampleSize = 256 * 1024

    /// The encoding to read a file in, `override` when the caller names one and the guess otherwise, and the length
    /// of the byte-order mark to skip: the sample's own, only when it is that encoding's.
    public static func choose(_ sample: [UInt8], isWholeFile: Bool, override: TextEncoding?) -> Guess {
        let encoding = override ?? detect(sample, isWholeFile: isWholeFile).encoding
        let bom = byteOrderMark(sample).flatMap { $0.encoding == encoding ? $0.bomLength : nil } ?? 0
        return Guess(encoding: encoding, bomLength: bom)
    }

    /// The guess for a file whose first bytes are `sample`; `isWholeFile` says whether the sample is all of it
    /// (otherwise a character cut at the sample's end is not an error).
    public static func detect(_ sample: [UInt8], isWholeFile: Bool) -> Guess {
        if let bom = byteOrderMark(sample) { return bom }
        if let utf16 = utf16ByNulPattern(sample) { return Guess(encoding: utf16, bomLength: 0) }
        if isValidUTF8(sample, isWholeFile: isWholeFile) { return Guess(encoding: .utf8, bomLength: 0) }
        let gb = score(sample, as: .gb18030, isWholeFile: isWholeFile)
        let big5 = score(sample, as: .big5, isWholeFile: isWholeFile)
        return Guess(encoding: big5 < gb ? .big5 : .gb18030, bomLength: 0)
    }

    /// The byte-order mark's encoding and length, if the sample starts with one.
    public static func byteOrderMark(_ sample: [UInt8]) -> Guess? {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return Guess(encoding: .utf8, bomLength: 3) }
        if sample.starts(with: [0xFF, 0xFE]) { return Guess(encoding: .utf16LE, bomLength: 2) }
        if sample.starts(with: [0xFE, 0xFF]) { return Guess(encoding: .utf16BE, bomLength: 2) }
        return nil
    }

    /// UTF-16 without a byte-order mark: ASCII characters leave a NUL in every other byte, on the odd side for
    /// little-endian and the even side for big-endian.
    public static func utf16ByNulPattern(_ sample: [UInt8]) -> TextEncoding? {
        let pairs = sample.count / 2
        guard pairs >= 2 else { return nil }
        var evenNuls = 0
        var oddNuls = 0
        for index in 0..<pairs {
            if sample[2 * index] == 0 { evenNuls += 1 }
            if sample[2 * index + 1] == 0 { oddNuls += 1 }
        }
        if oddNuls * 10 >= pairs * 3 && evenNuls * 20 <= pairs { return .utf16LE }
        if evenNuls * 10 >= pairs * 3 && oddNuls * 20 <= pairs { return .utf16BE }
        return nil
    }

    /// Whether the bytes are valid UTF-8; a character cut at the end of a partial sample is allowed.
    public static func isValidUTF8(_ sample: [UInt8], isWholeFile: Bool) -> Bool {
        if String(validating: sample, as: UTF8.self) != nil { return true }
        guard !isWholeFile else { return false }
        for cut in 1...3 where sample.count > cut {
            if String(validating: sample.dropLast(cut), as: UTF8.self) != nil { return true }
        }
        return false
    }

    /// How unlikely the sample is in `encoding`: ten points per invalid sequence, one per rare character.
    public static func score(_ sample: [UInt8], as encoding: TextEncoding, isWholeFile: Bool) -> Int {
        guard let converter = try? Iconv.toUTF8(from: encoding) else { return Int.max }
        let outcome = converter.lenient(sample[...], replacement: [], skip: 1, isFinal: isWholeFile)
        return outcome.invalid * 10 + rareCharacters(sample, as: encoding)
    }

    /// Double-byte characters outside the encoding's common block: GB2312's level-1 hanzi and punctuation
    /// (lead bytes B0–D7 and A1–A3) for GB18030, Big5's frequently used characters and punctuation (A4–C6, A1–A3)
    /// for Big5. Text in one encoding read as the other lands mostly outside that block.
    public static func rareCharacters(_ sample: [UInt8], as encoding: TextEncoding) -> Int {
        var rare = 0
        var index = 0
        while index < sample.count {
            let lead = sample[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let trail = index + 1 < sample.count ? sample[index + 1] : 0
            if encoding == .gb18030, (0x30...0x39).contains(trail) {
                rare += 1
                index += 4
                continue
            }
            let common: Bool =
                switch encoding {
                case .gb18030: (0xA1...0xA3).contains(lead) || ((0xB0...0xD7).contains(lead) && trail >= 0xA1)
                default: (0xA1...0xC6).contains(lead)
                }
            if !common { rare += 1 }
            index += 2
        }
        return rare
    }
}
