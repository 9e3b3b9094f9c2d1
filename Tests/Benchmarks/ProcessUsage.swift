import Foundation

/// The process's CPU time and peak resident memory, so that a benchmark can report CPU per item (a figure that
/// holds on a busy machine, where wall-clock rates do not) and the memory high-water mark.
struct ProcessUsage {
    /// User plus system CPU seconds used so far by every thread of the process.
    var cpuSeconds: Double
    /// The largest resident set since the start or the last `resetPeak()`, in bytes (VmHWM).
    var peakResidentBytes: Int
    /// The resident set now, in bytes (VmRSS).
    var residentBytes: Int
    /// Bytes the process has written through `write`/`pwrite` so far (`wchar` in `/proc/self/io`): for a worker, its
    /// SQLite log frames and the checkpoints that copy them into the database.
    var writtenBytes: Int

    static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return ProcessUsage(
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakResidentBytes: statusField("VmHWM:") ?? usage.ru_maxrss * 1024,
            residentBytes: statusField("VmRSS:") ?? 0, writtenBytes: field("wchar:", of: "/proc/self/io") ?? 0)
    }

    /// CPU seconds used so far by the process's threads of the given name (`/proc/self/task/*/comm`), e.g. the
    /// embedded broker's `rdk:mock`.
    static func threadCPUSeconds(named name: String) -> Double {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return tasks.reduce(0) { total, task in
            let folder = "/proc/self/task/\(task)/"
            guard
                (try? String(contentsOfFile: folder + "comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
                    == name,
                let stat = try? String(contentsOfFile: folder + "stat", encoding: .utf8),
                let afterName = stat.range(of: ") ")
            else { return total }
            // Fields after the name: state is the 3rd of the line, utime and stime the 14th and 15th.
            let fields = stat[afterName.upperBound...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
                return total
            }
            return total + (user + system) / ticks
        }
    }

    /// Resets the peak to the current resident size (Linux: `5` into `/proc/self/clear_refs`).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// A size in `/proc/self/status` (`VmHWM:`, `VmRSS:`), in bytes; nil where there is none.
    private static func statusField(_ name: String) -> Int? {
        field(name, of: "/proc/self/status").map { $0 * 1024 }
    }

    /// The number after `name` on its line of `file`; nil where there is none.
    private static func field(_ name: String, of file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}
