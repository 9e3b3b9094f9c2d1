import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Social imports by channel user id", .serialized, .timeLimit(.minutes(2)))
struct SocialImportTests {
    @Test func overwriteTagsReplacesAContactsTagsWhileAddingKeepsThem() async throws {
        // Given two LINE contacts tagged vip
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("t1", "tag_added", user: "U1") { $0.tags = ["vip"] },
            SocialHarness.event("t2", "tag_added", user: "U2") { $0.tags = ["vip"] },
        ])

        // When U1 is imported with tag "new" added, and U2 with tag "new" overwriting
        let added = try await harness.importCSV("LINE UID,Tags\nU1,new\n")
        let overwritten = try await harness.importCSV("LINE UID,Tags\nU2,new\n", overwriteTags: true)

        // Then U1 has both tags and U2 only the imported one, and tag frequency counts the two applications of new
        #expect(added.status == 202 && overwritten.status == 202)
        #expect(try harness.contact("U1")?.tags == ["new", "vip"])
        #expect(try harness.contact("U2")?.tags == ["new"])
        let frequency = try await harness.call(
            "GET", "/v1/social/tags/frequency?channel=line&from=2020-01-01&to=2099-12-31")
        let tags = frequency.json["tags"] as? [[String: Any]]
        #expect(tags?.map { "\($0["tag"]!)=\($0["times"]!)" } == ["new=2", "vip=2"])
        await harness.stop()
    }

    @Test func omoBindRebindAndUnassignedThroughImports() async throws {
        // Given two stores and teammates: T1 sales at S1, T2 sales manager at S2, T3 a clerk at S1
        let harness = try SocialHarness()
        for store in ["S1", "S2"] {
            #expect(try await harness.call("POST", "/v1/social/stores", json: ["store_code": store]).status == 202)
        }
        for (id, role, store) in [("T1", "sales", "S1"), ("T2", "sales_manager", "S2"), ("T3", "clerk", "S1")] {
            let saved = try await harness.call(
                "POST", "/v1/social/teammates", json: ["teammate_id": id, "role": role, "store_code": store])
            #expect(saved.json["applied"] as? Bool == true)
        }
        let header = "LINE UID,Binding Teammate,Store Location Code\n"

        // When U1 is bound to T1 at S1, re-bound to T2 at S2, then unbound; and U2 is bound to the clerk
        _ = try await harness.importCSV(header + "U1,T1,S1\n")
        let bound = try harness.contact("U1")
        _ = try await harness.importCSV(header + "U1,T2,S2\n")
        let rebound = try harness.contact("U1")
        _ = try await harness.importCSV(header + "U1,UNASSIGNED,\n")
        let unbound = try harness.contact("U1")
        let clerk = try await harness.importCSV(header + "U2,T3,S1\nU3,T1,S2\n")

        // Then each import leaves exactly that binding, and the clerk and wrong-store rows are errors naming the column
        #expect(bound?.omoTeammate == "T1" && bound?.omoStore == "S1")
        #expect(rebound?.omoTeammate == "T2" && rebound?.omoStore == "S2")
        #expect(unbound?.omoTeammate == nil && unbound?.omoStore == nil)
        #expect(clerk.status == 422)
        let errors = (clerk.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
        #expect(errors?.map { "\($0["row"]!) \($0["field"]!)" } == ["2 Binding Teammate", "3 Binding Teammate"])
        #expect((errors?.first?["reason"] as? String)?.contains("only sales or sales_manager") == true)
        #expect(try harness.contact("U2") == nil)
        await harness.stop()
    }

    @Test func anInvalidPhoneRowIsRefusedNamingRowAndColumnAndNothingIsImported() async throws {
        // Given a file whose second data row has a phone with a trunk 0
        let harness = try SocialHarness()

        // When it is uploaded
        let answer = try await harness.importCSV("LINE UID,Phone\nU1,886911223344\nU2,0911223344\n")

        // Then the upload is refused with that row and column, and no contact was imported
        #expect(answer.status == 422)
        let errors = (answer.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
        #expect(errors?.count == 1)
        #expect(errors?.first?["row"] as? Int == 3)
        #expect(errors?.first?["field"] as? String == "Phone")
        #expect(errors?.first?["column"] as? String == "Phone")
        #expect(
            (answer.json["error"] as? [String: Any])?["message"] as? String
                == "1 problem in the file; nothing was imported: fix them and upload again")
        #expect(answer.json["job"] == nil)
        #expect(try harness.contact("U1") == nil)
        let jobs = try await harness.call("GET", "/v1/social/imports").json["jobs"] as? [Any]
        #expect(jobs?.isEmpty == true)
        await harness.stop()
    }

    @Test func aRowWhoseEmailAnotherChannelContactHasIsAWarning() async throws {
        // Given a Facebook contact with an e-mail
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("fb", "social_binding", channel: "facebook", user: "P1") {
                $0.email = "ada@example.com"
            }
        ])

        // When a LINE file with the same e-mail (in another case) is validated
        let answer = try await harness.call(
            "POST", "/v1/social/imports?channel=line&validate_only=true",
            body: Data("LINE UID,Email\nU1,Ada@Example.com\n".utf8))

        // Then it is valid, with a warning naming the row, the column and the other contact
        #expect(answer.status == 200)
        let warnings = answer.json["warnings"] as? [[String: Any]]
        #expect(warnings?.count == 1)
        #expect(warnings?.first?["row"] as? Int == 2)
        #expect(warnings?.first?["field"] as? String == "Email")
        #expect(warnings?.first?["column"] as? String == "Email")
        #expect((warnings?.first?["reason"] as? String)?.hasPrefix("is already used by facebook/P1") == true)
        await harness.stop()
    }

    @Test func aJobImportsEveryRowOnceWithIdsDerivedFromJobAndRow() async throws {
        // Given a five-row file (imported two rows a chunk)
        let harness = try SocialHarness()
        let rows = (1...5).map { "U\($0),Name \($0),m\($0)@example.com" }.joined(separator: "\n")

        // When it is imported
        let answer = try await harness.importCSV("LINE UID,Name,Email\n" + rows + "\n")
        let job = try #require(answer.json["job"] as? [String: Any])
        let settled = try await harness.call("GET", "/v1/social/imports/\(job["job_id"]!)").json

        // Then the job completed all five rows and the contacts carry the file's values
        #expect(settled["status"] as? String == "completed")
        #expect(settled["rows_done"] as? Int == 5 && settled["total"] as? Int == 5)
        #expect(
            try harness.store.counts(tenant: "dev", channel: .line) == .init(channel: "line", effective: 5, total: 5))
        #expect(try harness.contact("U3")?.displayName == "Name 3")
        #expect(try harness.contact("U3")?.eventId == "import:\(job["job_id"]!):4")
        await harness.stop()
    }

    @Test func aBig5FileImportsItsNamesAndAnUnknownEncodingIsRefused() async throws {
        // Given a Big5 file with Chinese names
        let harness = try SocialHarness()
        let bytes = EncodedText.bytes("LINE UID,Name\nU1,張三豐\nU2,李四光明\n", as: .big5)

        // When it is uploaded naming its encoding, and again naming one that does not exist
        let answer = try await harness.importFile(bytes, query: "channel=line&encoding=big5")
        let unknown = try await harness.call(
            "POST", "/v1/social/imports?channel=line&encoding=latin1", body: Data(bytes))

        // Then it was read as Big5 and the contacts have the names; the unknown encoding is refused naming it
        #expect(answer.status == 202)
        #expect(answer.json["encoding"] as? String == "big5")
        #expect(try harness.contact("U1")?.displayName == "張三豐")
        #expect(try harness.contact("U2")?.displayName == "李四光明")
        #expect(unknown.status == 400)
        let details = (unknown.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
        #expect(details?.first?["field"] as? String == "encoding")
        #expect(details?.first?["value"] as? String == "latin1")
        await harness.stop()
    }

    @Test func aRunningJobCanBeCancelledOnceAndStopsPublishing() async throws {
        // Given a 2,000-row file importing two rows a chunk
        let harness = try SocialHarness()
        let rows = (1...2000).map { "C\($0)" }.joined(separator: "\n")
        let upload = try await harness.call(
            "POST", "/v1/social/imports?channel=line", body: Data(("LINE UID\n" + rows).utf8))
        let id = try #require((upload.json["job"] as? [String: Any])?["job_id"] as? String)

        // When it is cancelled while it runs, and cancelled again
        let cancelled = try await harness.call("POST", "/v1/social/imports/\(id)/cancel")
        let again = try await harness.call("POST", "/v1/social/imports/\(id)/cancel")
        try await Task.sleep(for: .milliseconds(300))
        try await harness.apply([])
        let job = try await harness.call("GET", "/v1/social/imports/\(id)").json

        // Then it is cancelled, the second cancel is a conflict, and fewer rows than the file's were imported
        #expect(upload.status == 202)
        #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled")
        #expect(again.status == 409)
        #expect(job["status"] as? String == "cancelled")
        let imported = try harness.store.counts(tenant: "dev", channel: .line).total
        #expect(imported < 2000)
        #expect(imported == job["rows_done"] as? Int)
        await harness.stop()
    }
}
