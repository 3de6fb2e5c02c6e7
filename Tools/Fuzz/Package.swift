// swift-tools-version: 6.0
// A libFuzzer target for the NDJSON intake and the payload decoders: a separate package, so the
// fuzzing instrumentation never enters the product's build. Tools/fuzz builds and runs it.
import PackageDescription

let package = Package(
    name: "CasebookFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Casebook", path: "../..")],
    targets: [
        .executableTarget(
            name: "IntakeFuzzer",
            dependencies: [
                .product(name: "LedgerStore", package: "Casebook"),
                .product(name: "Casework", package: "Casebook"),
            ]
        ),
    ]
)
