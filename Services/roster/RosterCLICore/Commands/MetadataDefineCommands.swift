import ArgumentParser

/// `roster metadata define-attribute KEY`: creates or updates one of the tenant's attributes.
struct MetadataDefineAttributeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "define-attribute", abstract: "Create or update an attribute.",
        discussion: """
            KEY is snake_case. An enum attribute needs its values, one --option each. Presets cannot be redefined. \
            Publishes a metadata event; prints {"event_id"}.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The attribute's key, snake_case (member_points).")
    var key: String

    @Option(help: "What people see.")
    var label: String

    @Option(help: "text, number, boolean, date, datetime or enum.")
    var type: String

    @Flag(help: "A value makes the contact real-name and identifies it.")
    var primaryKey = false

    @Option(help: "An allowed value of an enum attribute (repeatable).")
    var option: [String] = []

    func validate() throws {
        _ = try CommonOptions.validating { try definition() }
    }

    func run() async throws {
        try await common.run { output in
            let accepted = try await IdentityAPI.load().call(
                "POST", "/v1/metadata/attributes", json: try definition().body())
            try output.result(accepted) {
                AnswerReading.text(accepted, as: AcceptedEvent.self) { $0.text("definition of attribute \(key)") }
            }
        }
    }

    private func definition() throws -> AttributeDefinitionRequest {
        try AttributeDefinitionRequest(key: key, label: label, type: type, primaryKey: primaryKey, options: option)
    }
}

/// `roster metadata define-event KEY`: creates or updates one of the tenant's behaviour events.
struct MetadataDefineEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "define-event", abstract: "Create or update a behaviour event.",
        discussion: """
            KEY is snake_case; each --property is NAME=TYPE, TYPE one of text, number, boolean, date, datetime, \
            enum. Publishes a metadata event; prints {"event_id"}.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The event's key, snake_case (purchase).")
    var key: String

    @Option(help: "What people see.")
    var label: String

    @Option(help: "A property as NAME=TYPE (amount=number) (repeatable).")
    var property: [String] = []

    func validate() throws {
        _ = try CommonOptions.validating { try definition() }
    }

    func run() async throws {
        try await common.run { output in
            let accepted = try await IdentityAPI.load().call(
                "POST", "/v1/metadata/events", json: try definition().body())
            try output.result(accepted) {
                AnswerReading.text(accepted, as: AcceptedEvent.self) { $0.text("definition of event \(key)") }
            }
        }
    }

    private func definition() throws -> EventDefinitionRequest {
        try EventDefinitionRequest(key: key, label: label, properties: property)
    }
}
