import Foundation
import RosterCLICore
import RosterModel
import Testing

@Suite("Contact search queries and their arguments")
struct ContactQueryTests {
    private let base = URL(string: "http://127.0.0.1:8082/")!

    @Test func repeatedParametersKeepTheirOrderAndValuesArePercentEncoded() throws {
        // Given two exact conditions, a fuzzy one, two tags, a category, columns and a page
        let query = try ContactSearchQuery(
            conditions: ["email=a+b@x.cn", "city=上海"], contains: ["name=Li Lei"], tags: ["vip", "a&b"],
            category: .realName, columns: "name, member_points", paging: try Paging(page: 2, pageSize: 10))

        // When the search URL is built
        let url = try Endpoint.url(base, path: "/v1/contacts/search", query: query.queryItems)

        // Then each parameter repeats in order, and `=`, `+`, `@`, `&`, spaces and non-ASCII text are encoded
        #expect(
            url.absoluteString
                == "http://127.0.0.1:8082/v1/contacts/search?where=email%3Da%2Bb%40x.cn&where=city%3D%E4%B8%8A%E6%B5%B7"
                + "&contains=name%3DLi%20Lei&tag=vip&tag=a%26b&category=real_name&columns=name%2Cmember_points"
                + "&page=2&page_size=10")
    }

    @Test func unsetOptionsAreNotSent() throws {
        let query = try ContactSearchQuery()

        let url = try Endpoint.url(base, path: "/v1/contacts", query: query.queryItems)

        #expect(url.absoluteString == "http://127.0.0.1:8082/v1/contacts")
    }

    @Test func valueKeepsEverythingAfterTheFirstEqualsSign() throws {
        let condition = try FieldAssignment.parse("note=a=b", option: "--where", example: "e=x")

        #expect(condition == FieldAssignment(field: "note", value: "a=b"))
        #expect(condition.text == "note=a=b")
    }

    @Test func whereWithoutEqualsIsAUsageErrorNamingTheOption() {
        let error = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(conditions: ["email"]) }

        #expect(error?.code == .usage)
        #expect(error?.exitCode == 64)
        #expect(error?.message == #"--where must be FIELD=VALUE, like email=ann@example.com: got "email""#)
        #expect(error?.details.first?.field == "--where")
    }

    @Test func containsNeedsTextAndAFieldNameOfWordCharacters() {
        let empty = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(contains: ["name="]) }
        let badField = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(contains: ["na-me=x"]) }
        let noField = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(conditions: ["=x"]) }

        #expect(empty?.message.hasPrefix("--contains must have a value after =") == true)
        #expect(badField?.message.hasPrefix("--contains must name its field with letters, digits and _") == true)
        #expect(noField?.message.hasPrefix("--where must be FIELD=VALUE") == true)
    }

    @Test func whereMayCompareWithAnEmptyValue() throws {
        let query = try ContactSearchQuery(conditions: ["nickname="])

        #expect(query.conditions == [FieldAssignment(field: "nickname", value: "")])
    }

    @Test func columnsMustBeAttributeKeys() {
        let error = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(columns: "name,,points") }
        let bad = #expect(throws: RosterCLIError.self) { try ContactSearchQuery.columns(from: "name,first name") }

        #expect(error?.message.hasSuffix("has an empty column name") == true)
        #expect(bad?.details.first?.reason == #"names "first name", which is not an attribute key"#)
    }

    @Test func emptyTagIsAUsageError() {
        let error = #expect(throws: RosterCLIError.self) { try ContactSearchQuery(tags: ["vip", ""]) }

        #expect(error?.code == .usage)
        #expect(error?.details.first?.row == 2)
    }

    @Test func pagingOutOfRangeNamesTheOption() {
        let page = #expect(throws: RosterCLIError.self) { try Paging(page: 0, pageSize: nil) }
        let size = #expect(throws: RosterCLIError.self) { try Paging(page: nil, pageSize: 1001) }

        #expect(page?.message == "--page must be 1 or more: got 0")
        #expect(size?.message == "--page-size must be 1 to 1000: got 1001")
        #expect(size?.exitCode == 64)
    }

    @Test func categoryValuesAreTheResolversNames() {
        #expect(ContactCategory.allCases.map(\.rawValue) == ["all", "real_name", "anonymous", "wechat_fans"])
    }
}
