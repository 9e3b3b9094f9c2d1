import RosterModel
import Testing

/// The documents in `docs/schemas` agree with the wire model: their examples decode with each topic's codec,
/// survive a round trip unchanged, and their `required` lists are exactly what the decoder needs.
@Suite("Schema examples")
struct SchemaExampleTests {
    @Test func everySchemaFileIsCheckedAgainstATopic() throws {
        // Given the schema files on disk
        let onDisk = try SchemaDocument.fileNames()

        // When they are compared with the payloads the tests know
        let known = Set(PayloadSchema.all.map(\.fileName))

        // Then every file has a topic codec, and every payload a file
        #expect(onDisk == known)
    }

    @Test(arguments: PayloadSchema.all)
    func documentIsDraft202012WithTheModelsSchemaName(_ payload: PayloadSchema) throws {
        // Given a schema file
        let document = try SchemaDocument.load(payload.fileName)

        // When its header and examples are read
        let dialect = document.root["$schema"]?.text
        let exampleNames = document.examples.map { $0.objectValue?["schema"]?.text }

        // Then it is draft 2020-12, names the model's schema, and carries at least two examples of it
        #expect(dialect == "https://json-schema.org/draft/2020-12/schema")
        #expect(document.schemaConst == payload.schemaName)
        #expect(document.examples.count >= 2)
        #expect(exampleNames.allSatisfy { $0 == payload.schemaName })
    }

    @Test(arguments: PayloadSchema.all)
    func everyExampleDecodesAndRoundTripsUnchanged(_ payload: PayloadSchema) throws {
        // Given the examples of a schema file, as a producer would send them
        let document = try SchemaDocument.load(payload.fileName)

        for example in document.examples {
            // When each is decoded with the topic's codec, re-encoded and decoded again
            let result = try payload.roundTrip(try example.bytes())

            // Then both decodes give the same value, and the re-encoded JSON is the example itself: no field is
            // dropped or renamed on the way
            let reencoded = try JSONValue.parse(result.reencoded)
            #expect(result.decodedValuesAreEqual)
            #expect(reencoded == example)
        }
    }

    @Test(arguments: PayloadSchema.all)
    func examplesUseExactlyTheDeclaredProperties(_ payload: PayloadSchema) throws {
        // Given a schema file
        let document = try SchemaDocument.load(payload.fileName)

        // When the top-level keys of all its examples are gathered
        let used = document.examples.reduce(into: Set<String>()) { keys, example in
            keys.formUnion(example.objectValue?.keys.map { $0 } ?? [])
        }

        // Then every declared property is shown in some example (and so round-trips), and no other key is used
        #expect(used == document.propertyKeys)
    }

    @Test(arguments: PayloadSchema.all)
    func requiredPropertiesAreExactlyTheOnesTheDecoderNeeds(_ payload: PayloadSchema) throws {
        // Given the examples of a schema file and its required list
        let document = try SchemaDocument.load(payload.fileName)
        let required = document.requiredKeys

        for example in document.examples {
            for key in example.objectValue?.keys.sorted() ?? [] {
                // When one top-level key is left out
                let bytes = try example.removing(key).bytes()

                // Then decoding fails naming that key if the schema requires it, and succeeds if not
                if required.contains(key) {
                    let error = #expect(throws: WireError.self, "\(key) is required") { try payload.decode(bytes) }
                    #expect(error?.field == key)
                } else {
                    #expect(throws: Never.self, "\(key) is optional") { try payload.decode(bytes) }
                }
            }
        }
    }

    @Test func contactEventExamplesShowEveryEventType() throws {
        // Given the contact event examples
        let events = try ContactEvent.schemaExamples()

        // When their types are listed
        let types = events.map(\.type)

        // Then there is exactly one example per type
        #expect(types.count == ContactEventType.allCases.count)
        #expect(Set(types) == Set(ContactEventType.allCases))
    }

    @Test func upsertExampleCarriesIdentifiersAttributesTagsAndMode() throws {
        // Given the contact.upsert example
        let upsert = try ContactEvent.schemaExample(.upsert)

        // When its fields are read
        let identifiers = upsert.identifiers

        // Then it shows a normalized mobile and e-mail, typed attributes, tags and normal mode
        #expect(identifiers == ["mobile": "8613800000001", "email": "ada@example.com"])
        #expect(upsert.attributes?["member_points"] == .int(1280))
        #expect(upsert.attributes?["order_amount"] == .double(356.5))
        #expect(upsert.tags == ["vip", "newsletter"])
        #expect(upsert.mode == .normal)
    }
}
