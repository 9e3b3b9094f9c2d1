import ArgumentParser

/// `roster metadata`: the attributes and events a tenant may record, and defining new ones.
struct MetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata", abstract: "List and define contact attributes and behaviour events.",
        subcommands: [
            MetadataAttributesCommand.self, MetadataEventsCommand.self, MetadataDefineAttributeCommand.self,
            MetadataDefineEventCommand.self,
        ])
}

/// `roster metadata attributes`: the attribute definitions, presets and the tenant's own.
struct MetadataAttributesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attributes", abstract: "List the attributes contacts may hold.",
        discussion: #"Prints {"attributes": [{"key", "label", "type", "primary_key", "options"}]}, or a table."#)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.run { output in
            let catalog = try await IdentityAPI.load().call("GET", "/v1/metadata/attributes")
            try output.result(catalog) { AnswerReading.text(catalog, as: AttributeCatalog.self) { $0.table } }
        }
    }
}

/// `roster metadata events`: the behaviour event definitions.
struct MetadataEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List the behaviour events contacts may record.",
        discussion: #"Prints {"events": [{"key", "label", "properties"}]}, or a table."#)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await common.run { output in
            let catalog = try await IdentityAPI.load().call("GET", "/v1/metadata/events")
            try output.result(catalog) { AnswerReading.text(catalog, as: EventCatalog.self) { $0.table } }
        }
    }
}
