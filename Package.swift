// swift-tools-version: 6.0
import PackageDescription

// MARK: - Shared settings

/// One set of compiler settings for every target, so the whole package is held to the same rules.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The executables allocate with gperftools' TCMalloc (Debian's libtcmalloc-minimal4) instead of
/// glibc's malloc: every message is many small allocations made on one thread and freed on another,
/// which glibc's arenas serve slowly (docs/performance.md has the comparison).
let allocator: [LinkerSetting] = [.linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux]))]

// MARK: - Dependencies

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")

// MARK: - Package

let package = Package(
    name: "swgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swgate", targets: ["swgate"]),
        .executable(name: "swgate-bench", targets: ["swgate-bench"]),
        .library(name: "CEBMessages", targets: ["CEBMessages"]),
        .library(name: "SchemaValidation", targets: ["SchemaValidation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Already built for Hummingbird; named so that listeners can stop gracefully and the worker traps signals.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // Already built for Hummingbird; named for the listeners' connection guard (a channel handler).
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.0.0"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // OpenSSL keeps its global state at exit (a C constructor that runs before main): see
        // Sources/COpenSSLSetup/OpenSSLSetup.c. Every target that uses OpenSSL, libcurl or libpq depends on it.
        .target(name: "COpenSSLSetup", dependencies: ["CLibCrypto"]),

        // MARK: Core modules
        .target(name: "XMLSupport", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),
        .target(name: "CEBMessages", dependencies: ["XMLSupport"], swiftSettings: swiftSettings),
        .target(name: "SchemaValidation", dependencies: ["CLibXML2", "XMLSupport", "CEBMessages"], swiftSettings: swiftSettings),
        .target(name: "ExternalCommand", swiftSettings: swiftSettings),
        .target(name: "Redaction", swiftSettings: swiftSettings),
        .target(name: "JSONWriting", swiftSettings: swiftSettings),
        // Threads under names the operating system shows (top -H, perf), for the outbox and the worker.
        .target(name: "ThreadSupport", swiftSettings: swiftSettings),
        .target(
            name: "Signing", dependencies: ["CLibCrypto", "COpenSSLSetup", "CLibXML2", "ExternalCommand", "HTTPClient", "XMLSupport"],
            swiftSettings: swiftSettings),
        .target(
            name: "Outbox",
            dependencies: ["CEBMessages", "CSQLite", "CLibPQ", "CLibCrypto", "COpenSSLSetup", "JSONWriting", "Redaction", "ThreadSupport"],
            swiftSettings: swiftSettings),
        .target(
            name: "HTTPServerSupport",
            dependencies: [
                hummingbird, logging, .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AdminServer",
            dependencies: ["Adapters", "Console", "Gateway", "Outbox", "HTTPServerSupport", hummingbird, logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReceiptReceiver",
            dependencies: ["Gateway", "HTTPClient", "JSONWriting", "Outbox", "HTTPServerSupport", "Signing", hummingbird, logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Console",
            dependencies: ["CEBMessages", "Gateway", "HTTPClient", "Outbox", "HTTPServerSupport", hummingbird, logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlatformDataServer",
            dependencies: ["Gateway", "JSONWriting", "Outbox", "HTTPServerSupport", hummingbird, logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Simulator",
            dependencies: [
                "CEBMessages", "SchemaValidation", "Signing", "SyntheticData", "HTTPClient", "Transport", "XMLSupport", "HTTPServerSupport",
                hummingbird, logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Adapters", dependencies: ["CEBMessages", "CSQLite", "JSONWriting"], swiftSettings: swiftSettings),
        .target(name: "SyntheticData", dependencies: ["JSONWriting"], swiftSettings: swiftSettings),
        .target(
            name: "Gateway",
            dependencies: [
                "Adapters", "CEBMessages", "ExternalCommand", "JSONWriting", "Outbox", "Redaction", "SchemaValidation", "Signing",
                "HTTPClient", "ThreadSupport", "Transport", "XMLSupport", logging,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl behind a small client, shared by the transports and the HTTP signer (which sits below Transport).
        .target(name: "HTTPClient", dependencies: ["CLibCurl", "COpenSSLSetup", "Redaction"], swiftSettings: swiftSettings),
        .target(name: "Transport", dependencies: ["HTTPClient", "CEBMessages", "XMLSupport"], swiftSettings: swiftSettings),
        // The element generator: Sources/CEBMessages/Elements from codegen/ceb-elements.tsv (`make generate`).
        .target(name: "CodeGeneration", swiftSettings: swiftSettings),
        // Entry points for libFuzzer (Scripts/fuzz.sh); built and regression-tested with everything else.
        .target(name: "FuzzTargets", dependencies: ["Adapters", "CEBMessages", "XMLSupport"], swiftSettings: swiftSettings),

        // MARK: Executables
        .executableTarget(
            name: "swgate",
            dependencies: [
                "AdminServer", "Adapters", "CEBMessages", "Gateway", "HTTPServerSupport", "JSONWriting", "Outbox", "SchemaValidation",
                "ReceiptReceiver",
                "Console", "PlatformDataServer", "Signing", "Simulator", "HTTPClient", "ThreadSupport", "Transport", "XMLSupport",
                argumentParser, logging,
            ],
            swiftSettings: swiftSettings,
            linkerSettings: allocator,
            plugins: ["BuildInfo"]
        ),
        // The commit a binary is built from, for `swgate --version`.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(name: "swgate-codegen", dependencies: ["CodeGeneration"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "swgate-bench",
            dependencies: [
                "Adapters", "CEBMessages", "CSQLite", "Gateway", "HTTPServerSupport", "Outbox", "PlatformDataServer", "SchemaValidation",
                "Signing", "Simulator",
                "SyntheticData", "HTTPClient", "ThreadSupport", "Transport", "XMLSupport", argumentParser, logging,
            ],
            swiftSettings: swiftSettings,
            linkerSettings: allocator
        ),

        // MARK: Tests
        .target(
            name: "SwgateTestSupport",
            dependencies: ["CEBMessages", "SchemaValidation", "ThreadSupport", "XMLSupport"],
            path: "Tests/SwgateTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CEBMessagesTests",
            dependencies: ["CEBMessages", "SchemaValidation", "XMLSupport", "SwgateTestSupport", "SyntheticData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SchemaValidationTests",
            dependencies: ["SchemaValidation", "CEBMessages", "XMLSupport", "SwgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: ["Adapters", "CEBMessages", "SchemaValidation", "SwgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SigningTests",
            dependencies: ["Signing", "CEBMessages", "CLibCrypto", "COpenSSLSetup", "SchemaValidation", "SwgateTestSupport", "XMLSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OutboxTests",
            dependencies: ["Outbox", "CEBMessages", "JSONWriting", "SwgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "Adapters", "Gateway", "Outbox", "CEBMessages", "SchemaValidation", "Simulator", "SyntheticData", "SwgateTestSupport",
                "ThreadSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "AdminServer", "Adapters", "CEBMessages", "ExternalCommand", "Gateway", "HTTPServerSupport", "Outbox", "ReceiptReceiver",
                "Console", "PlatformDataServer", "SchemaValidation", "Signing",
                "Simulator", "HTTPClient", "Transport", "JSONWriting", "SwgateTestSupport", "ThreadSupport", hummingbird,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransportTests",
            dependencies: ["HTTPClient", "Transport", "Redaction"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FuzzTargetsTests",
            dependencies: ["FuzzTargets", "Adapters", "SwgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CodeGenerationTests", dependencies: ["CodeGeneration"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwgateCLITests",
            dependencies: ["CEBMessages", "Outbox", "SwgateTestSupport", "SyntheticData"],
            swiftSettings: swiftSettings
        ),
    ]
)
