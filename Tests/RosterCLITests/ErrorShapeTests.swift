import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("The error JSON and worker answers")
struct ErrorShapeTests {
    @Test func errorPrintsTheWorkersShapeWithSortedKeys() throws {
        // Given an error about a file line
        let error = RosterCLIError(
            code: .invalidFile, message: "line 3 of e.jsonl is not JSON",
            details: [.init(row: 3, value: "{x", reason: "is not JSON")])

        // When it is printed as JSON
        let document = try Output.encode(error.body)

        // Then it is {"error": {"code", "message", "details"}}, keys sorted, absent detail fields left out
        #expect(
            document
                == #"{"error":{"code":"invalid_file","details":[{"reason":"is not JSON","row":3,"value":"{x"}],"#
                + #""message":"line 3 of e.jsonl is not JSON"}}"#)
    }

    @Test func errorWithoutDetailsStillHasTheDetailsArray() throws {
        let document = try Output.encode(RosterCLIError(code: .unreachable, message: "down").body)

        #expect(document == #"{"error":{"code":"unreachable","details":[],"message":"down"}}"#)
    }

    @Test func workerErrorPassesThroughWithItsCodeAndMessage() throws {
        // Given a worker that answers 404 with the error shape
        let body = #"{"error":{"code":"not_found","message":"no contact c-9","details":[{"field":"id","reason":"x"}]}}"#
        let reply = HTTPReply(status: 404, body: Data(body.utf8))

        // When the client reads it
        let error = APIClient.error(
            for: reply, method: "GET", url: try #require(URL(string: "http://h/v1/contacts/c-9")))

        // Then the code, message and details are the worker's, and the command exits 1
        #expect(error.code == .notFound)
        #expect(error.message == "no contact c-9")
        #expect(error.details == [.init(field: "id", reason: "x")])
        #expect(error.httpStatus == 404)
        #expect(error.exitCode == 1)
        #expect(!error.isRetriable)
    }

    @Test func answerWithoutTheShapeGetsACodeFromItsStatus() throws {
        let url = try #require(URL(string: "http://h/readyz"))

        let unavailable = APIClient.error(
            for: HTTPReply(status: 502, body: Data("bad gateway".utf8)), method: "GET", url: url)
        let missing = APIClient.error(for: HTTPReply(status: 404, body: Data()), method: "GET", url: url)

        #expect(unavailable.code == .serverError)
        #expect(unavailable.isRetriable)
        #expect(unavailable.message.hasSuffix(": bad gateway"))
        #expect(missing.code == .notFound)
    }

    @Test func errorBodyReadsWithoutDetails() throws {
        let body = try JSONDecoder().decode(ErrorBody.self, from: Data(#"{"error":{"code":"c","message":"m"}}"#.utf8))

        #expect(body == ErrorBody(error: .init(code: "c", message: "m", details: [])))
    }

    @Test func textFormNamesEachDetail() {
        let error = RosterCLIError(
            code: .invalidFile, message: "bad", details: [.init(row: 2, field: "type", reason: "is required")])

        #expect(Output.text(of: error) == "Error: bad\n  row 2 type: is required")
    }
}

@Suite("Worker readiness and URLs")
struct StatusAndURLTests {
    @Test func readyAnswerGivesLagAndDistinctPartitions() {
        // Given a ready ingest whose two consumers share one partition
        let body = """
            {"worker":"ingest","ready":true,"store_open":true,"lag":4,"consumers":{
              "contact-events":{"joined":true,"partitions":["cdp.contact-events[0]","cdp.contact-events[1]"],"lag":3},
              "metadata":{"joined":true,"partitions":["cdp.contact-events[1]"],"lag":1}}}
            """

        // When the answer is read
        let row = WorkerStatus(
            worker: .ingest, url: "http://h:8081", readyz: HTTPReply(status: 200, body: Data(body.utf8)))

        // Then it is reachable, ready, with the reported lag and two partitions
        #expect(
            row
                == WorkerStatus(
                    worker: "ingest", url: "http://h:8081", reachable: true, ready: true, lag: 4, partitions: 2))
    }

    @Test func notReadyAnswerIsReachableButNotReady() {
        let body = #"{"worker":"segmenter","ready":false,"store_open":true,"lag":0,"consumers":{}}"#

        let row = WorkerStatus(worker: .segmenter, url: "u", readyz: HTTPReply(status: 503, body: Data(body.utf8)))

        #expect(row.reachable && !row.ready)
        #expect(row.state == "not ready")
    }

    @Test func answerFromAnotherWorkerIsNotReady() {
        let body = #"{"worker":"ingest","ready":true,"lag":0,"consumers":{}}"#

        let row = WorkerStatus(worker: .exporter, url: "u", readyz: HTTPReply(status: 200, body: Data(body.utf8)))

        #expect(!row.ready)
        #expect(row.error == "this URL serves ingest, not exporter")
    }

    @Test func unreachableRowEncodesEveryKeyWithNulls() throws {
        let report = StatusReport(workers: [
            WorkerStatus(worker: "ingest", url: nil, reachable: false, ready: false, error: "down")
        ])

        #expect(!report.ready)
        #expect(
            try Output.encode(report)
                == #"{"ready":false,"workers":[{"error":"down","lag":null,"partitions":null,"reachable":false,"#
                + #""ready":false,"url":null,"worker":"ingest"}]}"#)
    }

    @Test func identifierLookupIsPercentEncoded() throws {
        let base = try #require(URL(string: "http://127.0.0.1:8082/"))

        let byMobile = try ContactSelector(id: nil, mobile: "+86 138", email: nil, identifier: nil)
        let byIdentifier = try ContactSelector(id: nil, mobile: nil, email: nil, identifier: "wechat_openid=o/x=y")
        let byID = try ContactSelector(id: "c 1/2", mobile: nil, email: nil, identifier: nil)

        #expect(
            try byMobile.url(identityURL: base).absoluteString
                == "http://127.0.0.1:8082/v1/contacts?identifier=mobile%3A%2B86%20138")
        #expect(byIdentifier == .identifier(kind: "wechat_openid", value: "o/x=y"))
        #expect(try byID.url(identityURL: base).absoluteString == "http://127.0.0.1:8082/v1/contacts/c%201%2F2")
    }

    @Test func selectorNeedsExactlyOneWay() {
        #expect(throws: (any Error).self) { try ContactSelector(id: nil, mobile: nil, email: nil, identifier: nil) }
        #expect(throws: (any Error).self) { try ContactSelector(id: "a", mobile: "b", email: nil, identifier: nil) }
        #expect(throws: (any Error).self) {
            try ContactSelector(id: nil, mobile: nil, email: nil, identifier: "mobile")
        }
    }
}
