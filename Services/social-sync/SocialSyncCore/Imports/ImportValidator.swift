import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// Checks every row of a social import file and turns the good ones into `imported` social events' content.
///
/// Errors name the row, the column and the reason; a file with any error is not imported. Warnings name rows whose
/// e-mail or phone another channel contact already has (they will join one unified contact).
struct ImportValidator {
    /// One row's validated content.
    struct ImportRow: Sendable, Equatable {
        var row: Int
        var userID: String
        var name: String?
        var memberID: String?
        var email: String?
        var phone: String?
        var tags: [String]?
        var teammate: String?
        var store: String?
        var attributes: [String: JSONValue]?

        /// The social event that imports this row, with an id derived from the job and the row.
        func event(job: SocialImportJob) -> SocialEvent {
            SocialEvent(
                id: "import:\(job.jobId):\(row)", tenant: job.tenant, channel: job.channel, channelUserId: userID,
                type: SocialEventKind.imported.rawValue, occurredAt: job.createdAt,
                attributes: attributes, source: "import:\(job.jobId)", displayName: name, memberId: memberID,
                email: email, phone: phone, tags: tags, overwriteTags: job.overwriteTags, teammate: teammate,
                storeCode: store)
        }
    }

    /// What validation found.
    struct Report: Sendable {
        var total: Int
        var rows: [ImportRow]
        var errors: [ErrorDetail]
        var warnings: [ErrorDetail]
        /// The encoding the file was read in.
        var encoding: TextEncoding
    }

    let channel: Channel
    let tenant: String
    let normalizer: IdentifierNormalizer
    let attributes: [AttributeDefinition]

    /// Validates a parsed file. With `db`, teammates, stores and other channel contacts are checked too.
    func validate(_ csv: SocialCSV, db: Database?) throws -> Report {
        guard let header = csv.rows.first else {
            return Report(
                total: 0, rows: [], errors: [ErrorDetail(row: 1, field: "file", reason: "is empty")], warnings: [],
                encoding: csv.encoding)
        }
        if let columns = csv.undecodable[0] {
            return Report(
                total: 0, rows: [],
                errors: columns.map {
                    ErrorDetail(row: 1, field: header[$0], value: header[$0], reason: csv.undecodableReason)
                }, warnings: [], encoding: csv.encoding)
        }
        let columns = ImportColumns(header: header, channel: channel, attributes: attributes)
        var report = Report(total: 0, rows: [], errors: columns.errors, warnings: [], encoding: csv.encoding)
        guard columns.errors.isEmpty else { return report }
        let directory = try db.map { try DirectoryCheck(db: $0, tenant: tenant) }
        var seenIDs: [String: Int] = [:]
        var seenEmails: [String: Int] = [:]
        var seenPhones: [String: Int] = [:]
        let fields = columns.fields.sorted(by: { $0.key < $1.key })
        let userIDColumn = columns.column(.userID)
        for (index, cells) in csv.rows.enumerated().dropFirst() {
            if cells.allSatisfy({ $0.trimmedOfWhitespace.isEmpty }) { continue }
            report.total += 1
            var row = RowCheck(row: index + 1, cells: cells, header: header)
            var result = ImportRow(row: index + 1, userID: "")
            let undecodable = csv.undecodable[index]?.filter { $0 < header.count } ?? []
            for column in undecodable { row.fail(column, cells[column], csv.undecodableReason) }
            for (column, field) in fields {
                guard !undecodable.contains(column), let value = row.value(column) else { continue }
                switch field {
                case .userID: result.userID = channel == .whatsapp ? row.phone(column, value, normalizer) ?? "" : value
                case .name: result.name = value
                case .memberID: result.memberID = value
                case .email: result.email = row.normalized(column, "email", value, normalizer)
                case .phone: result.phone = row.phone(column, value, normalizer)
                case .tags:
                    result.tags = value.split(whereSeparator: { $0 == "," || $0 == ";" })
                        .map { String($0).trimmedOfWhitespace }.filter { !$0.isEmpty }
                case .teammate: result.teammate = value
                case .store: result.store = value
                case .attribute(let definition):
                    if let typed = row.attribute(column, value, definition) {
                        result.attributes = (result.attributes ?? [:]).merging([definition.key: typed]) { $1 }
                    }
                }
            }
            if let userIDColumn, !undecodable.contains(userIDColumn) {
                if row.value(userIDColumn) == nil {
                    row.fail(userIDColumn, "", "is required on every row")
                } else if let first = seenIDs[result.userID] {
                    row.fail(userIDColumn, result.userID, "repeats row \(first)")
                } else if !result.userID.isEmpty {
                    seenIDs[result.userID] = row.row
                }
            }
            checkOMO(&row, result, columns: columns, directory: directory)
            report.errors += row.errors
            if row.errors.isEmpty { report.rows.append(result) }
        }
        let emailOwners = try directory?.owners("email", of: report.rows.compactMap(\.email)) ?? [:]
        let phoneOwners = try directory?.owners("phone", of: report.rows.compactMap(\.phone)) ?? [:]
        seenEmails.reserveCapacity(report.rows.count)
        seenPhones.reserveCapacity(report.rows.count)
        for result in report.rows {
            if let email = result.email {
                warn(&report, result.row, "Email", email, first: &seenEmails, owners: emailOwners[email], result)
            }
            if let phone = result.phone {
                warn(&report, result.row, "Phone", phone, first: &seenPhones, owners: phoneOwners[phone], result)
            }
        }
        return report
    }

    private func checkOMO(
        _ row: inout RowCheck, _ result: ImportRow, columns: ImportColumns, directory: DirectoryCheck?
    ) {
        guard let teammateColumn = columns.column(.teammate), let storeColumn = columns.column(.store) else { return }
        switch (result.teammate, result.store) {
        case (nil, nil): return
        case (unassignedTeammate?, _): return
        case (nil, _?): row.fail(teammateColumn, "", "is required with a Store Location Code (or UNASSIGNED to unbind)")
        case (_?, nil): row.fail(storeColumn, "", "is required with a Binding Teammate")
        case (let teammate?, let store?):
            guard let directory else { return }
            if !directory.stores.contains(store) {
                row.fail(storeColumn, store, "is not a store of this tenant")
            } else if let reason = directory.bindable(teammate: teammate, store: store) {
                row.fail(teammateColumn, teammate, reason)
            }
        }
    }

    private func warn(
        _ report: inout Report, _ row: Int, _ column: String, _ value: String, first: inout [String: Int],
        owners: [String]?, _ result: ImportRow
    ) {
        var others: [String] = []
        if let owners {
            let self_ = "\(channel.rawValue)/\(result.userID)"
            others = owners.filter { $0 != self_ }
        }
        if let earlier = first[value] { others.append("row \(earlier) of this file") } else { first[value] = row }
        guard !others.isEmpty else { return }
        report.warnings.append(
            ErrorDetail(
                row: row, field: column, value: value,
                reason: "is already used by \(others.joined(separator: ", ")); they will merge into one unified contact"
            ))
    }
}

/// One row's cells and the errors found in it.
private struct RowCheck {
    let row: Int
    let cells: [String]
    let header: [String]
    var errors: [ErrorDetail] = []

    init(row: Int, cells: [String], header: [String]) {
        self.row = row
        self.cells = cells
        self.header = header
    }

    /// The trimmed cell, nil when empty or missing.
    func value(_ column: Int) -> String? {
        guard column < cells.count else { return nil }
        let value = cells[column].trimmedOfWhitespace
        return value.isEmpty ? nil : value
    }

    mutating func fail(_ column: Int, _ value: String, _ reason: String) {
        errors.append(ErrorDetail(row: row, field: header[column], value: value, reason: reason))
    }

    mutating func normalized(_ column: Int, _ kind: String, _ value: String, _ normalizer: IdentifierNormalizer)
        -> String?
    {
        switch normalizer.normalize(kind: kind, value: value) {
        case .success(let normalized): return normalized
        case .failure(let invalid):
            fail(column, value, invalid.reason)
            return nil
        }
    }

    /// A phone in international format: digits with the country code, no `+`, no trunk `0`.
    mutating func phone(_ column: Int, _ value: String, _ normalizer: IdentifierNormalizer) -> String? {
        if Self.isInternational(value, normalizer) { return value }
        let digits = value.filter(\.isNumber)
        if value.hasPrefix("+") {
            fail(column, value, "must be international digits without '+': write \(digits)")
            return nil
        }
        if value.hasPrefix("0") {
            fail(
                column, value,
                "starts with a trunk 0: write the country code and the number without the 0 (Taiwan 0911223344 is 886911223344)"
            )
            return nil
        }
        guard let normalized = normalized(column, "mobile", value, normalizer) else { return nil }
        guard normalized == digits else {
            fail(column, value, "has no country code: write it in international format (\(normalized))")
            return nil
        }
        return normalized
    }

    /// Whether the value is 11 to 15 ASCII digits without a trunk `0`, which the general path accepts unchanged
    /// (unless the tenant is in CN and it is a local 11-digit mobile starting with 1). Hand-written over the bytes:
    /// most cells are this, and the general path's `Character` passes took 0.39 s of CPU on a 200,000-row file, a
    /// fifth of validating it; this check takes too little to show in the profile.
    private static func isInternational(_ value: String, _ normalizer: IdentifierNormalizer) -> Bool {
        let bytes = value.utf8
        guard (11...15).contains(bytes.count), let first = bytes.first, first != UInt8(ascii: "0"),
            bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        return !(normalizer.defaultCountry == "CN" && bytes.count == 11 && first == UInt8(ascii: "1"))
    }

    /// A cell typed by its attribute's definition.
    mutating func attribute(_ column: Int, _ value: String, _ definition: AttributeDefinition) -> JSONValue? {
        switch definition.type {
        case .text: return .string(value)
        case .number:
            if let integer = Int64(value) { return .int(integer) }
            if let number = Double(value) { return .double(number) }
        case .boolean:
            if ["true", "yes", "1"].contains(value.lowercased()) { return .bool(true) }
            if ["false", "no", "0"].contains(value.lowercased()) { return .bool(false) }
        case .date:
            if value.count == 10, Timestamps.parse(value + "T00:00:00Z") != nil { return .string(value) }
        case .datetime:
            if let date = Timestamps.parse(value) { return .string(Timestamps.format(date)) }
        case .enum:
            if (definition.options ?? []).contains(value) { return .string(value) }
        }
        let expected =
            definition.type == .enum
            ? "one of \((definition.options ?? []).joined(separator: ", "))" : "a \(definition.type.rawValue)"
        fail(column, value, "must be \(expected) for attribute \(definition.key)")
        return nil
    }
}

/// The tenant's teammates, stores and contact e-mails and phones, for checking rows against them.
private struct DirectoryCheck {
    let db: Database
    let tenant: String
    let stores: Set<String>
    let teammates: [String: OMODirectory.Teammate]

    init(db: Database, tenant: String) throws {
        self.db = db
        self.tenant = tenant
        stores = Set(try OMODirectory.stores(db, tenant: tenant).map(\.storeCode))
        teammates = Dictionary(
            uniqueKeysWithValues: try OMODirectory.teammates(db, tenant: tenant).map { ($0.teammateId, $0) })
    }

    func bindable(teammate: String, store: String) -> String? {
        OMODirectory.bindingProblem(teammates[teammate], store: store)
    }

    /// The channel contacts (`channel/user id`) holding each of the values in `column`.
    ///
    /// The values go to SQLite as one JSON array, which it sorts once and looks up in index order: measured 4.5 times
    /// faster on 200,000 e-mails than lists of 500 bound values, whose lookups landed all over the index.
    func owners(_ column: String, of values: [String]) throws -> [String: [String]] {
        guard !values.isEmpty else { return [:] }
        var list = JSONWriter(capacity: values.count * 24)
        values.writeJSON(to: &list)
        var owners: [String: [String]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(column), channel, channel_user_id FROM social_contacts
                WHERE tenant = ? AND \(column) IN (SELECT value FROM json_each(?))
                """,
            arguments: [tenant, String(decoding: list.bytes, as: UTF8.self)])
        while let row = try rows.next() {
            owners[row[0], default: []].append("\(row[1] as String)/\(row[2] as String)")
        }
        return owners
    }
}

extension SocialStore {
    /// What validating a file found, in counts and problems.
    public struct ImportCheck: Sendable {
        public var total: Int
        public var valid: Int
        public var errors: [ErrorDetail]
        public var warnings: [ErrorDetail]
        /// The encoding the file was read in.
        public var encoding: TextEncoding
    }

    /// Validates an import file of `channel` for `tenant` against the stored contacts, teammates and stores, read in
    /// `encoding` (detected when nil).
    public func checkImport(
        _ bytes: [UInt8], tenant: String, channel: Channel, encoding: TextEncoding? = nil
    ) throws -> ImportCheck {
        let report = try validateImport(bytes, tenant: tenant, channel: channel, encoding: encoding)
        return ImportCheck(
            total: report.total, valid: report.rows.count, errors: report.errors, warnings: report.warnings,
            encoding: report.encoding)
    }

    /// The full validation report of an import file.
    func validateImport(
        _ bytes: [UInt8], tenant: String, channel: Channel, encoding: TextEncoding?
    ) throws -> ImportValidator.Report {
        try database.read { db in
            try ImportValidation.validator(db, tenant: tenant, channel: channel)
                .validate(try SocialCSV(bytes: bytes, encoding: encoding), db: db)
        }
    }
}
