import Foundation
import RosterRuntime

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
    private let systemClose = Glibc.close
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
    private let systemClose = Darwin.close
#endif

/// Bytes gathered in a 1 MiB buffer and sent on when it fills: to a file with plain `write(2)` calls, or to a
/// handler (the next stage of a pipeline). The writers append bytes one value at a time, and a buffer of our own
/// keeps that to a copy per byte, with no `Data` built on the way.
final class ByteSink {
    private let descriptor: Int32
    private let path: String
    private let handler: ((UnsafeRawBufferPointer) throws -> Void)?
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0
    /// Bytes written so far, buffered ones included.
    private(set) var count = 0

    /// Creates (or truncates) the file at `path`.
    init(path: String, capacity: Int = 1 << 20) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw RosterError.exportFailed("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.capacity = capacity
        handler = nil
        buffer = .allocate(capacity: capacity)
    }

    /// Sends each full buffer to `handler`, which must copy what it keeps.
    init(capacity: Int = 1 << 20, handler: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        descriptor = -1
        path = ""
        self.capacity = capacity
        self.handler = handler
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Appends one byte.
    @inline(__always)
    func write(_ byte: UInt8) throws {
        if used == capacity { try flush() }
        buffer[used] = byte
        used += 1
        count += 1
    }

    /// Appends bytes.
    @inline(__always)
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if bytes.count > capacity - used {
            try flush()
            if bytes.count > capacity {
                if let handler { try handler(bytes) } else { try writeAll(base, bytes.count) }
                count += bytes.count
                return
            }
        }
        (buffer + used).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        used += bytes.count
        count += bytes.count
    }

    /// Appends the bytes of an array.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends a string's UTF-8.
    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Sends the buffer on.
    func flush() throws {
        guard used > 0 else { return }
        if let handler {
            try handler(UnsafeRawBufferPointer(start: buffer, count: used))
        } else {
            try writeAll(UnsafeRawPointer(buffer), used)
        }
        used = 0
    }

    /// Flushes, makes the file durable, and closes it.
    func close() throws {
        try flush()
        guard descriptor >= 0 else { return }
        guard fsync(descriptor) == 0 else {
            throw RosterError.exportFailed("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func writeAll(_ start: UnsafeRawPointer, _ length: Int) throws {
        var offset = 0
        while offset < length {
            let written = systemWrite(descriptor, start + offset, length - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw RosterError.exportFailed("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
