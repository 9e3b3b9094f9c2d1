import Foundation
import MultipartKit
import NIOCore
import RosterModel
import RosterRuntime

/// What a `multipart/form-data` upload carried besides its file's bytes.
struct FormUpload {
    /// The file part's `filename`, if it gave one.
    var fileName: String?
    /// The text parts, by name (`purpose`, `encoding`, `filename`, `created_by`).
    var fields: [String: String]
    /// The stored file's size in bytes.
    var size = 0
}

/// Reads a `multipart/form-data` body as it arrives, with MultipartKit's parser: the one part that carries a file
/// name (or is named `file`) streams to an `UploadFile`; the other parts are kept as text fields of at most 64 KiB.
final class FormUploadReader {
    /// The largest text field kept.
    static let fieldLimit = 64 * 1024

    private enum Part {
        case file
        case field(name: String, bytes: [UInt8])
    }

    private let parser: MultipartParser
    private let file: UploadFile
    private var headers: [String: String] = [:]
    private var part: Part?
    private var form = FormUpload(fileName: nil, fields: [:])
    private var sawFile = false
    private var inPart = false
    private var failure: RosterError?

    /// A reader for the body whose `Content-Type` gave this boundary.
    init(boundary: String, file: UploadFile) {
        parser = MultipartParser(boundary: boundary)
        self.file = file
        parser.onHeader = { [unowned self] name, value in
            inPart = true
            headers[name.lowercased()] = value
        }
        parser.onBody = { [unowned self] bytes in
            inPart = true
            receive(bytes)
        }
        parser.onPartComplete = { [unowned self] in
            if part == nil { begin() }
            if case .field(let name, let bytes) = part { form.fields[name] = String(decoding: bytes, as: UTF8.self) }
            headers = [:]
            part = nil
            inPart = false
        }
    }

    /// The boundary of a `multipart/form-data` content type; nil for any other type. A form without one cannot be
    /// read, and is refused rather than stored as the file.
    static func boundary(contentType: String?) throws -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard let boundary = HeaderParameters(contentType)["boundary"], !boundary.isEmpty else {
            throw RosterError.invalid(
                "a multipart/form-data upload needs the boundary parameter in its Content-Type",
                details: [.init(field: "Content-Type", value: contentType, reason: "has no boundary")])
        }
        return boundary
    }

    /// Feeds the next bytes of the body.
    func read(_ buffer: ByteBuffer) throws {
        do {
            try parser.execute(buffer)
        } catch {
            throw RosterError.invalid("the upload is not a well-formed multipart/form-data body")
        }
        if let failure { throw failure }
    }

    /// The form once the body has ended; refuses a body cut short or without a file part.
    func finish() throws -> FormUpload {
        guard !inPart else {
            throw RosterError.invalid("the multipart/form-data body ends inside a part: the upload was cut short")
        }
        guard sawFile else {
            throw RosterError.invalid(
                "the form has no file: send it as a part with a filename (or named \"file\")",
                details: [.init(field: "file", reason: "is missing")])
        }
        return form
    }

    /// Decides what the current part is from its headers, on its first bytes (or its end, when it has none).
    private func begin() {
        let disposition = HeaderParameters(headers["content-disposition"] ?? "")
        let name = disposition["name"] ?? ""
        let fileName = disposition["filename*"].flatMap(Self.extendedValue) ?? disposition["filename"]
        guard fileName != nil || name == "file" else {
            part = .field(name: name, bytes: [])
            return
        }
        guard !sawFile else {
            fail(RosterError.invalid("the form carries more than one file; an import takes one"))
            return
        }
        sawFile = true
        form.fileName = fileName.flatMap { $0.isEmpty ? nil : Self.baseName($0) }
        part = .file
    }

    private func receive(_ bytes: ByteBuffer) {
        if part == nil { begin() }
        guard failure == nil else { return }
        switch part {
        case .file:
            do { try file.append(bytes) } catch let error as RosterError { fail(error) } catch {
                fail(.invalid("\(error)"))
            }
        case .field(let name, var kept):
            guard kept.count + bytes.readableBytes <= Self.fieldLimit else {
                fail(
                    .invalid(
                        "the form field \(name) is longer than 64 KiB",
                        details: [.init(field: name, reason: "too long")]))
                return
            }
            kept.append(contentsOf: bytes.readableBytesView)
            part = .field(name: name, bytes: kept)
        case nil:
            break
        }
    }

    private func fail(_ error: RosterError) {
        if failure == nil { failure = error }
    }

    /// An RFC 5987 value (`UTF-8''%E5%90%8D.csv`) decoded.
    private static func extendedValue(_ value: String) -> String? {
        guard let quote = value.range(of: "''") else { return nil }
        return String(value[quote.upperBound...]).removingPercentEncoding
    }

    /// The last path component of a file name some browsers send with its folders.
    private static func baseName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? Substring(name))
    }
}
