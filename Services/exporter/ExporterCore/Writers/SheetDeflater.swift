import Foundation
import RosterRuntime

/// The workbook side of an XLSX export: takes the sheet's XML in chunks and deflates them into the archive on a
/// thread of its own, so that deflating (most of an XLSX export's work) runs beside the writing of the next rows.
/// At most four chunks wait, so memory stays flat.
final class SheetDeflater: @unchecked Sendable {
    private let archive: ZipArchiveWriter
    private let chunks = Handoff<[UInt8]>(capacity: 4)
    private var thread: StageThread?
    private let failure = FailureBox()

    /// Opens the workbook at `path`, writes its fixed parts and starts the sheet's entry.
    init(path: String) throws {
        archive = try ZipArchiveWriter(path: path)
        for (name, content) in XLSXParts.fixedParts { try archive.addEntry(name, Array(content.utf8)) }
        try archive.beginEntry(XLSXParts.sheetName)
        thread = StageThread(name: "export-deflate") { [archive, chunks, failure] in
            do {
                while let chunk = try chunks.take() { try chunk.withUnsafeBytes { try archive.append($0) } }
            } catch {
                failure.record(error)
                chunks.cancel()
            }
        }
    }

    deinit {
        stopThread()
    }

    /// Hands the next bytes of the sheet over (copied); throws what stopped the deflating thread.
    func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard chunks.put(Array(bytes)) else { throw failure.error ?? RosterError.exportFailed("the workbook closed") }
    }

    /// Deflates what waits, ends the sheet's entry and closes the workbook.
    func finish() throws {
        stopThread()
        if let error = failure.error { throw error }
        try archive.endEntry()
        try archive.finish()
    }

    private func stopThread() {
        chunks.finish()
        thread?.join()
        thread = nil
    }
}

/// The first error of a pipeline's thread, for the other thread to throw.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?

    var error: (any Error)? { lock.withLock { first } }

    func record(_ error: any Error) {
        lock.withLock { first = first ?? error }
    }
}
