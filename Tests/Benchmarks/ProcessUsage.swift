import Foundation

/// The process's CPU time and peak resident memory, so that a benchmark can report CPU per item (a figure that
/// holds on a busy machine, where wall-clock rates do not) and the memory high-water mark.
struct ProcessUsage {
    /// User plus system CPU seconds used so far by every thread of the process.
    var cpuSeconds: Double
    /// The largest resident set so far, in bytes.
    var peakResidentBytes: Int

    static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return ProcessUsage(
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakResidentBytes: usage.ru_maxrss * 1024)
    }
}
