// swift-tools-version: 6.0
// Casebook benchmarks: a separate package so GRDB and the harness never enter the product's graph.
// Run with `Tools/bench [--quick]` from the repository root.
import PackageDescription

let package = Package(
    name: "CasebookBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Casebook", path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "CasebookBench",
            dependencies: [
                .product(name: "LedgerStore", package: "Casebook"),
                .product(name: "Casework", package: "Casebook"),
                .product(name: "Registers", package: "Casebook"),
                .product(name: "CasebookCore", package: "Casebook"),
                .product(name: "CasebookDemo", package: "Casebook"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
