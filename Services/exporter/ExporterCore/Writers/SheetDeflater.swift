import Foundation
import RosterRuntime

/// The workbook side of an XLSX export: takes the sheets' XML in chunks and deflates them into the archive on a
/// thread of its own, so that deflating (most of an XLSX export's work) runs beside the writing of the next rows.
/// At most four chunks wait, so memory stays flat. The parts that list the sheets are written last, when their
/// number is known.
final class SheetDeflater: @unchecked Sendable {
    private enum Piece {
        case bytes([UInt8])
        case nextSheet
    }

    private let archive: ZipArchiveWriter
    private let pieces = Handoff<Piece>(capacity: 4)
    private var thread: StageThread?
    private let failure = FailureBox()
    private var sheets = 1

    /// Opens the workbook at `path` and starts its first sheet.
    init(path: String) throws {
        archive = try ZipArchiveWriter(path: path)
        try archive.beginEntry(WorkbookParts.sheetPath(1))
        thread = StageThread(name: "export-deflate") { [archive, pieces, failure] in
            var sheet = 1
            do {
                while let piece = try pieces.take() {
                    switch piece {
                    case .bytes(let chunk):
                        try chunk.withUnsafeBytes { try archive.append($0) }
                    case .nextSheet:
                        try archive.endEntry()
                        sheet += 1
                        try archive.beginEntry(WorkbookParts.sheetPath(sheet))
                    }
                }
            } catch {
                failure.record(error)
                pieces.cancel()
            }
        }
    }

    deinit {
        stopThread()
    }

    /// Hands the next bytes of the current sheet over (copied); throws what stopped the deflating thread.
    func send(_ bytes: UnsafeRawBufferPointer) throws {
        try hand(.bytes(Array(bytes)))
    }

    /// Ends the current sheet; what is sent next goes to a new one.
    func startNextSheet() throws {
        sheets += 1
        try hand(.nextSheet)
    }

    /// Deflates what waits, ends the last sheet, writes the parts that list the sheets and closes the workbook.
    func finish() throws {
        stopThread()
        if let error = failure.error { throw error }
        try archive.endEntry()
        for (name, content) in XLSXParts.workbookParts(sheets: sheets) {
            try archive.addEntry(name, Array(content.utf8))
        }
        try archive.finish()
    }

    private func hand(_ piece: Piece) throws {
        guard pieces.put(piece) else { throw failure.error ?? RosterError.exportFailed("the workbook closed") }
    }

    private func stopThread() {
        pieces.finish()
        thread?.join()
        thread = nil
    }
}
