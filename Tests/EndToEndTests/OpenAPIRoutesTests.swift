import Foundation
import RosterRuntime
import RosterTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Each worker's OpenAPI document describes every route it serves", .timeLimit(.minutes(2)))
struct OpenAPIRoutesTests {
    @Test func everyRouteIsDocumentedWithItsMethod() async throws {
        let system = try await RunningSystem()
        for (name, worker) in system.workers {
            let (data, _) = try await URLSession.shared.data(from: system.url(name, "/openapi.yaml"))
            let document = String(decoding: data, as: UTF8.self)
            #expect(worker.routes.count >= 5, "\(name) lists its routes")
            for route in worker.routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let (method, path) = (parts[0].lowercased(), parts[1])
                #expect(
                    Self.documents(document, path: path, method: method), "\(name): \(route) is not in /openapi.yaml")
            }
        }
        #expect(await system.stop())
    }

    /// Whether the YAML has `path:` under `paths` with the method, inline (`{get: ...}`) or as a nested key.
    static func documents(_ yaml: String, path: String, method: String) -> Bool {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(path):") }) else { return false }
        if lines[start].contains("{\(method):") { return true }
        let block = lines[(start + 1)...].prefix { !$0.hasPrefix("  /") && !$0.hasPrefix("  \"") }
        return block.contains { $0.hasPrefix("    \(method):") }
    }
}
