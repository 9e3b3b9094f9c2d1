import Foundation
import RosterModel

/// Which column of a social import file holds which field, read from its header (names are matched without case).
struct ImportColumns {
    /// A field a column can hold.
    enum Field: Equatable {
        case userID, name, memberID, email, phone, tags, teammate, store
        case attribute(AttributeDefinition)
    }

    /// Column index → field.
    var fields: [Int: Field] = [:]
    /// Header problems (row 1).
    var errors: [ErrorDetail] = []

    /// The column of a field, if the file has it.
    func column(_ field: Field) -> Int? { fields.first { $0.value == field }?.key }

    /// Reads the header of a file for `channel`; attribute columns must name an attribute the tenant defined.
    init(header: [String], channel: Channel, attributes: [AttributeDefinition]) {
        let userIDNames: Set<String> = [
            channel.userIDLabel.lowercased(), "channel_user_id", channel.identifierKind, "user id",
        ]
        let names: [String: Field] = [
            "name": .name, "display name": .name, "display_name": .name, "member id": .memberID,
            "member_id": .memberID, "email": .email, "e-mail": .email, "phone": .phone, "mobile": .phone,
            "tags": .tags, "binding teammate": .teammate, "store location code": .store,
        ]
        for (index, raw) in header.enumerated() {
            let name = raw.trimmedOfWhitespace.lowercased()
            let field: Field?
            if userIDNames.contains(name) {
                field = .userID
            } else if let known = names[name] {
                field = known
            } else if let attribute = attributes.first(where: {
                $0.key.lowercased() == name || $0.label.lowercased() == name
            }) {
                field = .attribute(attribute)
            } else {
                field = nil
            }
            guard let field else {
                errors.append(
                    ErrorDetail(
                        row: 1, field: raw, value: raw,
                        reason: "is not a known column or an attribute the tenant defined"))
                continue
            }
            if fields.values.contains(field) {
                errors.append(ErrorDetail(row: 1, field: raw, value: raw, reason: "names a column that appears twice"))
                continue
            }
            fields[index] = field
        }
        if column(.userID) == nil {
            errors.append(
                ErrorDetail(
                    row: 1, field: channel.userIDLabel, reason: "is required: every row needs the channel's user id"))
        }
        if (column(.teammate) == nil) != (column(.store) == nil) {
            errors.append(
                ErrorDetail(
                    row: 1, field: column(.teammate) == nil ? "Binding Teammate" : "Store Location Code",
                    reason:
                        "is required with the other OMO column: give Binding Teammate and Store Location Code together")
            )
        }
    }
}
