import Testing

@testable import IngestCore

@Suite("Reading spreadsheet XML from bytes")
struct XMLByteReaderTests {
    private func events(_ xml: String, chunk: Int = 3) throws -> [XMLByteReader<SmallChunks>.Event] {
        var reader = XMLByteReader(source: SmallChunks(bytes: Array(xml.utf8), size: chunk))
        var result: [XMLByteReader<SmallChunks>.Event] = []
        while let event = try reader.next(wantText: true) { result.append(event) }
        return result
    }

    @Test(arguments: [1, 2, 7, 4096])
    func elementsAttributesAndTextSurviveAnyChunking(_ chunk: Int) throws {
        // Given a sheet fragment with a declaration, a comment, prefixes, both quote styles, a '>' inside a value,
        // entities, character references and CDATA
        let xml = """
            <?xml version="1.0"?><!-- note --><x:row r="2" spans='1:3'><x:c r="A2" t="inlineStr" s="a>b">\
            <x:is><x:t>Tom &amp; Jerry &lt;3 &#233;&#x1F600;</x:t></x:is></x:c><c r="B2"/><v><![CDATA[<raw>]]></v></x:row>
            """

        // When it is read in chunks of `chunk` bytes
        let read = try events(xml, chunk: chunk)

        // Then the events are exactly these, names local and text decoded
        #expect(
            read == [
                .start(name: "row", attributes: ["r": "2", "spans": "1:3"], selfClosing: false),
                .start(name: "c", attributes: ["r": "A2", "t": "inlineStr", "s": "a>b"], selfClosing: false),
                .start(name: "is", attributes: [:], selfClosing: false),
                .start(name: "t", attributes: [:], selfClosing: false),
                .text(Array("Tom & Jerry <3 é😀".utf8)),
                .end(name: "t"), .end(name: "is"), .end(name: "c"),
                .start(name: "c", attributes: ["r": "B2"], selfClosing: true),
                .start(name: "v", attributes: [:], selfClosing: false),
                .text(Array("<raw>".utf8)),
                .end(name: "v"), .end(name: "row"),
            ])
    }

    @Test func anEntityBombIsRefusedBeforeAnyExpansion() throws {
        // Given the billion-laughs document
        var xml = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#
        for level in 1...9 {
            xml +=
                "<!ENTITY lol\(level) \""
                + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">"
        }
        xml += "]><sheetData><v>&lol9;</v></sheetData>"

        // When it is read, then it is refused as a DOCTYPE, having expanded nothing
        let error = #expect(throws: XMLReadError.self) { try events(xml, chunk: 64) }
        #expect(error?.reason == "the XML declares a DOCTYPE or entities, which a spreadsheet part never needs")
    }

    @Test func anUndeclaredEntityIsRefused() throws {
        let error = #expect(throws: XMLReadError.self) { try events("<v>&lol9;</v>") }
        #expect(error?.reason == "the XML refers to an undeclared entity &lol9;")
    }

    @Test func anEndlessTagIsRefusedWithinBoundedMemory() throws {
        // Given a tag that never closes, longer than the reader's bound
        let xml = "<c r=\"" + String(repeating: "A", count: XMLByteReader<SmallChunks>.maximumToken + 10)

        // Then reading it fails instead of buffering the rest of the file
        #expect(throws: XMLReadError.self) { try events(xml, chunk: 65536) }
    }

    @Test func textIsSkippedWhenNotWanted() throws {
        var reader = XMLByteReader(source: SmallChunks(bytes: Array("<a>skip &bogus</a>".utf8), size: 4))
        var read: [XMLByteReader<SmallChunks>.Event] = []
        while let event = try reader.next(wantText: false) { read.append(event) }
        #expect(read == [.start(name: "a", attributes: [:], selfClosing: false), .end(name: "a")])
    }
}
