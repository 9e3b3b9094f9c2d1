// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 mode with complete concurrency checking.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableExperimentalFeature("StrictConcurrency=complete"),
]

let package = Package(
    name: "roster",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .executable(name: "identity-resolver", targets: ["identity-resolver"]),
        .executable(name: "segmenter", targets: ["segmenter"]),
        .executable(name: "social-sync", targets: ["social-sync"]),
        .executable(name: "exporter", targets: ["exporter"]),
        .executable(name: "dev-broker", targets: ["dev-broker"]),
        .executable(name: "roster", targets: ["roster"]),
        .executable(name: "roster-bench", targets: ["roster-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: [
        // MARK: - Shared

        .systemLibrary(
            name: "CRosterKafka",
            path: "Shared/CRosterKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "RosterKafka",
            dependencies: [
                "CRosterKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/RosterKafka",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RosterModel",
            dependencies: [],
            path: "Shared/RosterModel",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RosterRuntime",
            dependencies: [
                "RosterKafka",
                "RosterModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Shared/RosterRuntime",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RosterTestSupport",
            dependencies: [
                "RosterKafka",
                "RosterRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/RosterTestSupport",
            swiftSettings: strictSettings
        ),

        // MARK: - Services

        .target(
            name: "IngestCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Services/ingest/IngestCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ingest",
            dependencies: [
                "IngestCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/ingest/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "IdentityCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/identity-resolver/IdentityCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "identity-resolver",
            dependencies: [
                "IdentityCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/identity-resolver/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "SegmenterCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/segmenter/SegmenterCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "segmenter",
            dependencies: [
                "SegmenterCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/segmenter/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "SocialSyncCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/social-sync/SocialSyncCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "social-sync",
            dependencies: [
                "SocialSyncCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/social-sync/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ExporterCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/exporter/ExporterCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "exporter",
            dependencies: [
                "ExporterCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/exporter/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DevBrokerCore",
            dependencies: [
                "RosterRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/dev-broker/DevBrokerCore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "dev-broker",
            dependencies: [
                "DevBrokerCore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/dev-broker/Main",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RosterCLICore",
            dependencies: [
                "RosterModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/roster/RosterCLICore",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "roster",
            dependencies: ["RosterCLICore"],
            path: "Services/roster/Main",
            swiftSettings: strictSettings
        ),

        // MARK: - Tests

        .executableTarget(
            name: "roster-bench",
            dependencies: [
                "RosterKafka", "RosterRuntime", "RosterTestSupport", "IdentityCore", "IngestCore", "ExporterCore",
                "SocialSyncCore", "SegmenterCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/Benchmarks",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RosterKafkaTests",
            dependencies: ["RosterKafka", "RosterTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RosterCLITests",
            dependencies: ["RosterCLICore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RosterModelTests",
            dependencies: ["RosterModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RosterRuntimeTests",
            dependencies: [
                "RosterRuntime",
                "RosterTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IdentityCoreTests",
            dependencies: [
                "IdentityCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IngestCoreTests",
            dependencies: [
                "IngestCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SegmenterCoreTests",
            dependencies: [
                "SegmenterCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExporterCoreTests",
            dependencies: [
                "ExporterCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SocialSyncCoreTests",
            dependencies: [
                "SocialSyncCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DevBrokerTests",
            dependencies: ["DevBrokerCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "IngestCore", "IdentityCore", "SegmenterCore", "SocialSyncCore", "ExporterCore",
                "DevBrokerCore", "RosterTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
