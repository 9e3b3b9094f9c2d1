/// Writes an export as CSV: RFC 4180 (comma separated, CRLF line ends, fields with a comma, quote or line break
/// quoted and their quotes doubled), UTF-8 with a byte-order mark so that Excel reads it as UTF-8.
///
/// A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
/// spreadsheet program: it is written with a leading `'`, which shows the text as it is. Numbers are written as
/// they are, so `-5` stays the number -5.
///
/// Written by hand over bytes rather than through a CSV library or `String`: this is the hot path of every export
/// (profiled with perf over a million rows in the export benchmark), and it makes no `String` or `Data` per row or
/// per cell, only byte copies into the file's buffer.
final class CSVExportWriter: ExportSheetWriter {
    private let sink: ByteSink
    private var text = CellText()

    /// Writes to `sink`.
    init(sink: ByteSink) {
        self.sink = sink
    }

    func begin(columns: [ExportColumn]) throws {
        try sink.write([0xEF, 0xBB, 0xBF])
        for (index, column) in columns.enumerated() {
            if index > 0 { try sink.write(UInt8(ascii: ",")) }
            var label = column.label
            try label.withUTF8 { try writeText(UnsafeRawBufferPointer($0)) }
        }
        try sink.write([0x0D, 0x0A])
    }

    func write(_ cells: [ExportCell]) throws {
        for index in cells.indices {
            if index > 0 { try sink.write(UInt8(ascii: ",")) }
            let cell = cells[index]
            switch cell.kind {
            case .empty: continue
            case .number, .true, .false: try text.withText(cell) { try sink.write($0) }
            case .string, .stringList: try text.withText(cell) { try writeText($0) }
            }
        }
        try sink.write([0x0D, 0x0A])
    }

    func finish() throws {
        try sink.close()
    }

    /// Writes a text field: neutralised when it could start a formula, quoted when it must be.
    private func writeText(_ bytes: UnsafeRawBufferPointer) throws {
        guard let first = bytes.first else { return }
        let formula = Self.startsFormula(first)
        var quote = false
        for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        {
            quote = true
            break
        }
        if quote { try sink.write(UInt8(ascii: "\"")) }
        if formula { try sink.write(UInt8(ascii: "'")) }
        if quote {
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\"") {
                try sink.write(UnsafeRawBufferPointer(rebasing: bytes[start...index]))
                try sink.write(UInt8(ascii: "\""))
                start = index + 1
            }
            try sink.write(UnsafeRawBufferPointer(rebasing: bytes[start...]))
            try sink.write(UInt8(ascii: "\""))
        } else {
            try sink.write(bytes)
        }
    }

    /// `=`, `+`, `-`, `@`, tab, carriage return.
    @inline(__always)
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "@") || byte == 0x09 || byte == 0x0D
    }
}
