import Hummingbird
import RosterModel
import RosterRuntime
import Testing

@Suite("Request bodies decoded with the wire codec")
struct RequestBodyDecoderTests {
    struct Definition: Decodable, Equatable {
        var name: String
        var type: String
        var createdBy: String?
    }

    @Test func aSnakeCaseBodyDecodes() throws {
        // Given a body with a snake_case key
        let body = Array(#"{"name": "vip", "type": "standard", "created_by": "ann"}"#.utf8)

        // When it is decoded, then every field is read
        #expect(
            try RequestBodyDecoder.decode(Definition.self, from: body)
                == Definition(name: "vip", type: "standard", createdBy: "ann"))
    }

    @Test func aMissingFieldIsNamedInTheErrorsDetail() throws {
        // Given a body without its required `type`
        let body = Array(#"{"name": "vip"}"#.utf8)

        // When it is decoded
        let error = try #require(throws: RosterError.self) {
            try RequestBodyDecoder.decode(Definition.self, from: body)
        }

        // Then the error is a 400 naming the field and the reason
        #expect(error.code == "invalid_request")
        #expect(error.status == .badRequest)
        #expect(error.details == [ErrorDetail(field: "type", reason: "is required")])
        #expect(error.message == "the request body is not valid: type is required")
    }

    @Test func aBodyThatIsNotJSONIsRefusedWithTheReason() throws {
        // Given a body that is not JSON
        let body = Array("name=vip".utf8)

        // When it is decoded, then the error says so, with no field
        let error = try #require(throws: RosterError.self) {
            try RequestBodyDecoder.decode(Definition.self, from: body)
        }
        #expect(error.code == "invalid_request")
        #expect(error.details.count == 1)
        #expect(error.details.first?.field == nil)
    }
}
