import Foundation
import RosterModel

/// The text encodings an uploaded file (an import CSV) may be in.
public enum TextEncoding: String, WireEnum {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case gb18030
    case big5

    /// Reads a caller's name for an encoding: `utf-8`, `utf8`, `utf-16le`, `utf-16be`, `gb18030`, `gbk`, `gb2312`,
    /// `big5` (case does not matter). GBK and GB2312 are subsets of GB18030.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "utf16": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "big5", "big-5", "cp950": self = .big5
        default: return nil
        }
    }

    /// The name glibc's iconv knows the encoding by.
    public var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .gb18030: "GB18030"
        case .big5: "BIG5"
        }
    }

    /// The name people read in messages (`GB18030`).
    public var displayName: String { iconvName }

    /// Whether CSV's delimiters (`,` `"` CR LF) are single bytes that never occur inside a multi-byte character,
    /// so that the file can be split into fields before it is decoded.
    public var isASCIICompatible: Bool { self != .utf16LE && self != .utf16BE }
}
