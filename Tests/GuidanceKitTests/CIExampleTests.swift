import Foundation
import Testing

/// The install lines of README and docs/ci.md are checked against what the
/// build really needs: the apt providers in Package.swift and the Makefile's
/// build packages. The workflows themselves are linted and tested in
/// `make lint-workflows` and `make test-ci` (Tests/ci/test_workflows.py).
@Suite struct CIExampleTests {
    static func read(_ path: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every package named in an `.apt([...])` provider, and `APT_BUILD` in the Makefile.
    static func requiredPackages() throws -> Set<String> {
        let manifest = try read("Package.swift")
        var packages = Set<String>()
        for match in manifest.matches(of: #/\.apt\(\[([^\]]*)\]\)/#) {
            for name in match.output.1.matches(of: #/"([a-z0-9.+-]+)"/#) { packages.insert(String(name.output.1)) }
        }
        let makefile = try read("Makefile")
        let line = try #require(makefile.split(separator: "\n").first { $0.hasPrefix("APT_BUILD") })
        let listed = line.split(separator: "=", maxSplits: 1)[1].split(separator: " ").map(String.init)
        packages.formUnion(listed)
        return packages
    }

    /// The packages on each `apt-get install` line of a file.
    static func installLines(_ text: String) -> [Set<String>] {
        text.split(separator: "\n").filter { $0.contains("apt-get install -y") }.map { line in
            let after = line.components(separatedBy: "apt-get install -y").last ?? ""
            return Set(after.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") && !$0.hasPrefix("$") })
        }
    }

    @Test func theProvidersAndTheMakefileAgree() throws {
        let required = try Self.requiredPackages()
        #expect(required.isSuperset(of: ["libcmark-dev", "libqrencode-dev", "libphonenumber-dev", "chromium", "poppler-utils"]),
                "\(required.sorted())")
    }

    /// README's quick start and docs/ci.md each give the install line a
    /// machine without the Makefile needs; each must name every package.
    @Test(arguments: ["README.md", "docs/ci.md"])
    func theDocumentedInstallLinesNameEveryPackage(_ document: String) throws {
        let required = try Self.requiredPackages()
        let lines = Self.installLines(try Self.read(document)).filter { !$0.contains("pandoc") }
        #expect(lines.count >= 1, "\(document) gives no install line")
        for line in lines {
            #expect(required.subtracting(line).isEmpty, "\(document) misses \(required.subtracting(line).sorted())")
        }
    }
}
