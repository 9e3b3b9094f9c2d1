import Hummingbird
import RosterModel
import RosterRuntime

/// A job's row problems as a CSV download (`row,column,value,reason`), read from the store a page at a time.
struct ImportErrorReport {
    /// Problems read per page.
    static let pageSize = 5000

    let store: IngestStore
    let jobID: String

    /// The streamed response.
    func response() -> Response {
        let store = store
        let jobID = jobID
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(jobID)-errors.csv\"",
            ],
            body: ResponseBody { writer in
                try await writer.write(
                    ByteBuffer(string: CSVText.byteOrderMark + CSVText.line(["row", "column", "value", "reason"])))
                var after: (row: Int, seq: Int)?
                while true {
                    let page = try store.errors(jobID: jobID, after: after, limit: Self.pageSize)
                    guard let last = page.last else { break }
                    let text = page.map { entry in
                        CSVText.line([
                            entry.detail.row.map(String.init) ?? "", entry.detail.field ?? "", entry.detail.value ?? "",
                            entry.detail.reason,
                        ])
                    }.joined()
                    try await writer.write(ByteBuffer(string: text))
                    after = (last.detail.row ?? 0, last.seq)
                }
                try await writer.finish(nil)
            })
    }
}
