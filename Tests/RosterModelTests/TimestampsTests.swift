import RosterModel
import Testing

@Suite("Times are stored in the form Foundation gives")
struct TimestampsTests {
    @Test(
        arguments: [
            "2026-11-20T08:00:00Z", "2026-11-20T08:00:00.123Z", "2024-02-29T23:59:59Z", "2000-01-01T00:00:00.999Z",
            "2026-11-20T16:00:00+08:00", "2026-11-20T08:00:00.5Z",
        ])
    func canonicalFormEqualsFoundationsReformatting(_ text: String) {
        // Given a valid RFC 3339 time, When it is made canonical, Then it equals Foundation's parse and format
        #expect(Timestamps.canonical(text) == Timestamps.format(Timestamps.parse(text)!))
    }

    @Test func wholeSecondsGainMilliseconds() {
        #expect(Timestamps.canonical("2026-11-20T08:00:00Z") == "2026-11-20T08:00:00.000Z")
    }

    @Test(arguments: ["2026-02-29T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-20T24:00:00Z", "not a time"])
    func impossibleTimesAreLeftToFoundation(_ text: String) {
        // Given text the fast path refuses, Then the result is what Foundation makes of it
        #expect(Timestamps.canonical(text) == Timestamps.parse(text).map(Timestamps.format))
    }
}
