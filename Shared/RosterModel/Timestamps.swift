import Foundation

/// RFC 3339 UTC times, as every payload carries them.
public enum Timestamps {
    /// Formats a date as `2026-01-02T03:04:05.678Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an RFC 3339 time with or without fractional seconds, or returns `nil`.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(
            text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
