/// Writes rows of cells as a file; one writer makes one file.
protocol ExportSheetWriter {
    /// Writes the heading row.
    func begin(columns: [ExportColumn]) throws
    /// Writes one row: one cell per column, in the columns' order.
    func write(_ cells: [ExportCell]) throws
    /// Completes the file and closes it.
    func finish() throws
}
