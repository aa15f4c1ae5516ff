// swift-tools-version: 6.1
import PackageDescription

// Linux only (Debian 12 is what the office, CI and the tests use): the
// publisher swaps folders with renameat2 and flushes with syncfs, the build
// stamp reads st_mtim and /proc/self/exe, and the printer spawns Chromium with
// pipes on descriptors 3 and 4. No other platform is declared or tested.
let package = Package(
    name: "guidance",
    products: [
        .executable(name: "guidance", targets: ["guidance"]),
        .library(name: "GuidanceKit", targets: ["GuidanceKit"]),
        .executable(name: "guidance-fuzz", targets: ["guidance-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libcmark, the CommonMark reference parser (Debian: libcmark-dev).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libqrencode, for the QR code printed on each sheet (Debian: libqrencode-dev).
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // A C interface over Google's libphonenumber (Debian: libphonenumber-dev).
        .target(
            name: "CPhoneNumber",
            linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("stdc++")]
        ),
        // OpenBLAS's CBLAS, for the learned language judge's matrix products
        // (Debian: libopenblas-dev).
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // System calls Swift does not expose (atomic directory exchange).
        .target(name: "CSupport"),
        .target(
            name: "GuidanceKit",
            dependencies: [
                "CCmark",
                "CQRencode",
                "CSupport",
                "CPhoneNumber",
                "CBLAS",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // The page templates are the defaults every project starts from;
            // Guidance/templates/ overrides any of them where present.
            resources: [.copy("Resources/language-rules.yaml"), .copy("Resources/language-lexicon.yaml"),
                        .copy("Resources/local-authorities-england.txt"), .copy("Resources/templates"),
                        .copy("Resources/language-head.json")]
        ),
        .executableTarget(
            name: "guidance",
            dependencies: [
                "GuidanceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz harness: one input through the pipeline with the tool's
        // promises checked (used by the fuzz target and the tests).
        .target(name: "GuidanceFuzzing", dependencies: ["GuidanceKit"]),
        // libFuzzer's driver, declared for the fuzz target.
        .target(name: "CFuzzerDriver"),
        // The fuzz target (make fuzz); built without -DFUZZING it replays inputs.
        .executableTarget(name: "guidance-fuzz", dependencies: ["GuidanceFuzzing", "CFuzzerDriver"]),
        .testTarget(
            name: "GuidanceKitTests",
            dependencies: [
                "GuidanceKit",
                "GuidanceFuzzing",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                // The example CI workflow, read as GitHub reads it.
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    // libphonenumber's headers need C++17 (CPhoneNumber is the only C++ here);
    // a declared standard, unlike an unsafe flag, leaves the package usable as
    // a dependency.
    cxxLanguageStandard: .cxx17
)
