// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Casebook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "Chronology", targets: ["Chronology"]),
        .library(name: "Intake", targets: ["Intake"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "Casework", targets: ["Casework"]),
        .library(name: "Registers", targets: ["Registers"]),
        .library(name: "CasebookCore", targets: ["CasebookCore"]),
        .library(name: "CasebookDemo", targets: ["CasebookDemo"]),
        .library(name: "Witness", targets: ["Witness"]),
        .library(name: "Exports", targets: ["Exports"]),
        .library(name: "CasebookServer", targets: ["CasebookServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // For CasebookServer's graceful shutdown (already resolved as Hummingbird's dependency).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // Reading the CSV registers councils keep today (quoted cells, CRLF, BOM); Intake only.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // Salted password hashes for the ledger's users (bcrypt; only the HummingbirdBcrypt product).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The web import page's uploads (multipart/form-data): a file, a mapping file and fields.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(name: "CanonicalJSON"),
        // The compact binary encoding of what Casebook derives and stores (register rows, case
        // states): versioned, so old rows are refused with a reason instead of misread.
        .target(name: "StoredCoding", dependencies: ["CanonicalJSON"]),
        // Days and instants, and reading them as people write them: the one date parser.
        .target(name: "Chronology"),
        // Reading the spreadsheets councils keep today (CSV and .xlsx) into headings and text
        // cells, and the readers for the dates and exemption spellings typed in them.
        .target(
            name: "Intake",
            dependencies: [
                "Chronology",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "LedgerStore",
            dependencies: [
                "CLMDB", "CanonicalJSON", "Chronology",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Casework",
            dependencies: ["CanonicalJSON", "Chronology"],
            resources: [.copy("Resources/bank-holidays.json"), .copy("Resources/default-policy.json")]
        ),
        .target(
            name: "Registers",
            dependencies: ["LedgerStore", "Casework", "StoredCoding"]
        ),
        // The application: the facade, the command vocabulary, the rules hook, sealing and the
        // indexes that join them. Edges (CLI, HTTP, exports) call it.
        .target(
            name: "CasebookCore",
            dependencies: [
                "LedgerStore", "Casework", "Registers", "StoredCoding", "Intake", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The deterministic demo history (fictional cases); not domain code.
        .target(
            name: "CasebookDemo",
            dependencies: ["Casework", "LedgerStore", "CasebookCore", "Registers", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // C2SP witnesses: the cosigner (state, checks, cosignatures), the ledger's client for its
        // witnesses, and tlog-proof files. No HTTP here; the server edge is in the CLI.
        .target(
            name: "Witness",
            dependencies: ["LedgerStore", "CanonicalJSON", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Exports",
            dependencies: [
                "CanonicalJSON", "LedgerStore", "Casework", "Registers", "CasebookCore", "Witness",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources/verify-export")]
        ),
        .target(
            name: "CasebookServer",
            dependencies: [
                "LedgerStore", "Casework", "Registers", "CasebookCore", "Exports", "Intake",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "LedgerStore", "Casework", "Registers", "CasebookCore", "CasebookDemo", "Exports", "CasebookServer", "Witness", "Intake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CanonicalJSONTests", dependencies: ["CanonicalJSON"]),
        .testTarget(
            name: "IntakeTests",
            dependencies: ["Intake", "Chronology", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "StoredCodingTests", dependencies: ["StoredCoding", "CanonicalJSON", "Chronology"]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore"]),
        .testTarget(name: "CaseworkTests", dependencies: ["Casework"]),
        .testTarget(name: "RegistersTests", dependencies: ["Registers", "CasebookCore", "LedgerStore", "Casework", "StoredCoding"]),
        .testTarget(name: "CasebookCoreTests", dependencies: ["CasebookCore", "CasebookDemo", "Registers", "LedgerStore", "Casework", "StoredCoding", "Intake"]),
        .testTarget(name: "CasebookDemoTests", dependencies: ["CasebookDemo", "Casework"]),
        .testTarget(name: "WitnessTests", dependencies: ["Witness", "LedgerStore"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "Witness", "Registers", "CasebookCore", "CasebookDemo", "LedgerStore", "Casework"]),
        .testTarget(
            name: "CasebookServerTests",
            dependencies: [
                "CasebookServer", "Registers", "CasebookCore", "LedgerStore", "Casework", "Exports",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CasebookCLITests", dependencies: ["LedgerStore", "Registers"]),
    ]
)
