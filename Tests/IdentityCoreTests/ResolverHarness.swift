import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The identity resolver running on an in-process cluster with a real SQLite file, fed events by a producer.
final class ResolverHarness: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let store: IdentityStore
    let worker: WorkerContext
    private let group: RunningGroup
    private let producer: KafkaProducer
    private let sentinels = Mutex(0)

    init() throws {
        cluster = try TestCluster(partitions: 2)
        directory = try TemporaryDirectory()
        let built = try IdentityResolver.build(
            config: cluster.workerConfig(name: IdentityResolver.name, directory: directory.path),
            logger: Logger(label: "resolver"))
        store = built.store
        worker = built.worker
        group = RunningGroup(built.group)
        producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "producer"))
    }

    /// An event of tenant `dev` at a given minute of 2026-11-20.
    static func event(
        _ id: String, _ type: ContactEventType = .upsert, minute: Int, identifiers: [String: String],
        attributes: [String: JSONValue]? = nil, tags: [String]? = nil, mode: WriteMode? = nil,
        configure: (inout ContactEvent) -> Void = { _ in }
    ) -> ContactEvent {
        var event = ContactEvent(
            id: id, tenant: "dev", type: type, occurredAt: String(format: "2026-11-20T08:%02d:00Z", minute),
            identifiers: identifiers, attributes: attributes, tags: tags, mode: mode)
        configure(&event)
        return event
    }

    /// Publishes the events in order, then waits until the resolver has applied all of them.
    func apply(_ events: [ContactEvent]) async throws {
        try await apply(
            messages: try events.map {
                OutgoingMessage(
                    topic: cluster.topic("cdp.contact-events"), key: $0.tenant,
                    value: try Topics.contactEvents.encode($0))
            })
    }

    /// Publishes payloads as an upstream system wrote them, keyed by tenant `dev`, each with the given CreateTime,
    /// then waits until the resolver has applied all of them.
    func apply(json payloads: [String], timestampMilliseconds: Int64) async throws {
        try await apply(
            messages: payloads.map {
                OutgoingMessage(
                    topic: cluster.topic("cdp.contact-events"), key: Array("dev".utf8), value: Array($0.utf8),
                    timestampMilliseconds: timestampMilliseconds)
            })
    }

    /// Publishes the messages and a marker event after them; returns once the resolver has applied the marker.
    private func apply(messages: [OutgoingMessage]) async throws {
        let sentinel = sentinels.withLock {
            $0 += 1
            return "sentinel-\($0)"
        }
        let marker = Self.event(sentinel, minute: 59, identifiers: ["anonymous_id": sentinel])
        try await producer.send(
            messages + [
                OutgoingMessage(
                    topic: cluster.topic("cdp.contact-events"), key: marker.tenant,
                    value: try Topics.contactEvents.encode(marker))
            ])
        let store = store
        let applied = try await eventually {
            try store.contactID(tenant: "dev", kind: "anonymous_id", value: sentinel) != nil
        }
        guard applied else { throw RosterError.startup("the resolver did not apply \(sentinel)") }
    }

    /// The contact that holds an identifier.
    func contact(_ kind: String, _ value: String) throws -> ContactRecord? {
        guard let id = try store.contactID(tenant: "dev", kind: kind, value: value) else { return nil }
        return try store.contact(tenant: "dev", id: id)
    }

    /// Contacts of the tenant, sentinels excluded.
    func contactCount() throws -> Int {
        try worker.database.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM contacts WHERE tenant = 'dev' AND contact_id NOT IN
                    (SELECT contact_id FROM contact_identifiers WHERE kind = 'anonymous_id' AND value LIKE 'sentinel-%')
                    """) ?? 0
        }
    }

    /// Rows a table holds for a contact.
    func rows(in table: String, contactColumn: String = "contact_id", contactID: String) throws -> Int {
        try worker.database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM \(table) WHERE tenant = 'dev' AND \(contactColumn) = ?",
                arguments: [contactID]) ?? 0
        }
    }

    /// Calls the resolver's HTTP API as the dev tenant's admin; returns the status and the body.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> (status: Int, body: Data) {
        let worker = worker
        guard try await eventually(timeout: .seconds(90), { worker.httpPort != nil }), let port = worker.httpPort else {
            throw RosterError.startup("the resolver's HTTP server did not start")
        }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(TestTokens.admin)", forHTTPHeaderField: "Authorization")
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    /// Calls the API and reads a JSON object.
    func json(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        let answer = try await call(method, path, body: body)
        return (try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]) ?? [:]
    }

    func stop() async { _ = await group.stop() }
}
