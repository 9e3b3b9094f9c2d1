import ArgumentParser
import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("roster import: arguments, bodies and readable answers")
struct ImportCommandTests {
    @Test func argumentsBuildTheUploadQueryAndTheStartBody() throws {
        let arguments = try ImportArguments(
            purpose: "add", encoding: "GBK", tags: ["vip", "新客"], hiddenTags: ["batch-7"], mode: "fast")

        #expect(
            arguments.uploadQuery(fileName: "a b.csv", createdBy: "ann").map { "\($0.name)=\($0.value)" } == [
                "purpose=add", "filename=a b.csv", "encoding=gbk", "created_by=ann",
            ])
        #expect(
            String(decoding: try arguments.startBody(startedBy: "ann"), as: UTF8.self)
                == #"{"hidden_tags":["batch-7"],"mode":"fast","started_by":"ann","tags":["vip","新客"]}"#)
    }

    @Test func unknownPurposeEncodingOrModeIsAUsageErrorNamingIt() {
        let purpose = #expect(throws: RosterCLIError.self) { try ImportArguments(purpose: "merge") }
        let encoding = #expect(throws: RosterCLIError.self) { try ImportArguments(purpose: "add", encoding: "latin1") }
        let mode = #expect(throws: RosterCLIError.self) { try ImportArguments(purpose: "add", mode: "turbo") }

        #expect(
            purpose?.message
                == #"--purpose must be one of add|delete|unsubscribe-email|unsubscribe-sms|unsubscribe-global: got "merge""#
        )
        #expect(purpose?.exitCode == 64)
        #expect(encoding?.details.first?.field == "--encoding")
        #expect(mode?.details.first?.value == "turbo")
    }

    @Test func tagsAndFastModeAreForAddOnly() {
        let tags = #expect(throws: RosterCLIError.self) { try ImportArguments(purpose: "delete", tags: ["vip"]) }
        let fast = #expect(throws: RosterCLIError.self) {
            try ImportArguments(purpose: "unsubscribe-sms", mode: "fast")
        }
        let empty = #expect(throws: RosterCLIError.self) { try ImportArguments(purpose: "add", tags: ["vip", " "]) }

        #expect(tags?.message == "--tag and --mode fast are for --purpose add only: got --purpose delete")
        #expect(fast?.details.first?.field == "--mode")
        #expect(empty?.message == "--tag must not be empty: tag 2 is")
    }

    @Test func theCommandTreeHasEveryImportSubcommand() throws {
        let names = ["preview", "start", "status", "cancel", "list", "errors"]
        for name in names {
            let arguments =
                ["import", name] + (["preview", "start"].contains(name) ? ["f.csv", "--purpose", "add"] : [])
                + (["status", "cancel", "errors"].contains(name) ? ["imp_1"] : [])
            #expect(throws: Never.self) { _ = try RosterCommand.parseAsRoot(arguments) }
        }
        #expect(throws: (any Error).self) {
            _ = try RosterCommand.parseAsRoot(["import", "start", "f.csv", "--purpose", "delete", "--tag", "vip"])
        }
    }

    @Test func progressBarShowsRowsDoneOfTotal() {
        #expect(
            ImportProgress.line(status: "importing", done: 400, total: 1000)
                == "importing [########------------] 40% 400/1000 rows")
        #expect(
            ImportProgress.line(status: "completed", done: 5, total: 5, width: 4) == "completed [####] 100% 5/5 rows")
        #expect(ImportProgress.line(status: "queued", done: 0, total: 5) == "queued...")
        #expect(ImportProgress.milestone(status: "importing", done: 399, total: 1000) == "importing 3")
    }

    @Test func previewReadsAsTheConsoleSaysIt() throws {
        let answer = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(
                #"""
                {"job_id": "imp_1", "status": "previewed", "encoding": "gb18030", "total": 5, "duplicate": 1,
                 "invalid": 3, "importable": 2, "warnings": [],
                 "rows": [{"row": 1, "status": "importable", "cells": ["13800000001", "张三"], "reasons": []},
                          {"row": 2, "status": "duplicate", "cells": ["13800000001", "x"],
                           "reasons": ["mobile '13800000001' duplicates row 1 (mobile 8613800000001)"]}],
                 "errors": [{"row": 2, "field": "mobile", "value": "13800000001",
                             "reason": "duplicates row 1 (mobile 8613800000001)"}]}
                """#.utf8))
        let preview = try #require(AnswerReading.decode(ImportPreviewView.self, from: answer))

        #expect(preview.summary == "scanned 5 rows: 1 duplicate, 3 invalid (duplicates included), 2 to import")
        #expect(
            preview.text == """
                import imp_1: previewed, read as gb18030
                scanned 5 rows: 1 duplicate, 3 invalid (duplicates included), 2 to import
                ROW  STATUS      CELLS               REASONS
                1    importable  13800000001 | 张三
                2    duplicate   13800000001 | x     mobile '13800000001' duplicates row 1 (mobile 8613800000001)
                problems (the first 1; `roster import errors imp_1` lists all):
                  row 2 mobile "13800000001": duplicates row 1 (mobile 8613800000001)
                """)
    }

    @Test func jobListIsATable() throws {
        let answer = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(
                #"""
                {"jobs": [{"job_id": "imp_1", "purpose": "add", "mode": "normal", "tags": ["vip"], "status": "completed",
                  "file_name": "a.csv", "total": 5, "duplicate": 1, "invalid": 3, "importable": 2, "rows_done": 5,
                  "published": 2, "created_by": "ann", "created_at": "2026-11-20T08:00:00Z", "started_by": "bob"}]}
                """#.utf8))
        let list = try #require(AnswerReading.decode(ImportJobList.self, from: answer))

        #expect(
            list.table == """
                JOB    PURPOSE  MODE    STATUS     DONE  TOTAL  DUP  INVALID  IMPORT  BY   CREATED
                imp_1  add      normal  completed  5     5      1    3        2       bob  2026-11-20T08:00:00Z

                1 imports
                """)
        #expect(list.jobs[0].isSettled)
    }
}
