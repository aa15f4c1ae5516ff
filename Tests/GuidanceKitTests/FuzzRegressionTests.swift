import Foundation
import Testing
@testable import GuidanceKit
@testable import GuidanceFuzzing

/// The fuzz target's harness, replayed: every input libFuzzer found that broke
/// something (Tests/Fuzz/regressions) and every seed goes through read,
/// resolve, select, validate and both writers with every promise kept.
@Suite struct FuzzRegressionTests {
    static let fuzz = Support.packageRoot.appendingPathComponent("Tests/Fuzz")

    static func files(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            .filter { !$0.hasPrefix(".") }.map { folder.appendingPathComponent($0) }
    }

    @Test func everyFoundInputAndSeedKeepsEveryPromise() throws {
        let harness = try FuzzHarness(root: Support.packageRoot)
        let inputs = Self.files(in: Self.fuzz.appendingPathComponent("regressions"))
            + Self.files(in: Self.fuzz.appendingPathComponent("seeds"))
            + Self.files(in: Support.packageRoot.appendingPathComponent("Guidance")).filter { $0.pathExtension == "md" }
        #expect(inputs.count >= 8)
        for input in inputs {
            let bytes = try [UInt8](Data(contentsOf: input))
            #expect(harness.exercise(bytes) == [], "\(input.lastPathComponent)")
        }
    }

    @Test func theHarnessReachesEveryVersionOfASheet() throws {
        // The shipped sheet goes all the way through: a page per audience with
        // contacts resolved. A broken harness that stopped at reading would
        // pass the test above on every input.
        let harness = try FuzzHarness(root: Support.packageRoot)
        let sheet = try String(contentsOf: Support.packageRoot.appendingPathComponent("Guidance/indecent-images.md"),
                               encoding: .utf8)
        let (versions, findings) = harness.versions(Array(sheet.utf8))
        #expect(versions.map(\.audience.id) == ["schools", "agencies"])
        // The harness reads one sheet alone, so its links to the other shipped
        // sheets lead nowhere (broken-link); nothing else is wrong with it.
        #expect(!findings.contains { $0.severity == .error && $0.rule != .brokenLink }, "\(findings)")
        // A registry input is read with the first shipped sheet.
        let registry = try String(contentsOf: Support.packageRoot.appendingPathComponent("Guidance/contacts.yaml"),
                                  encoding: .utf8)
        #expect(harness.versions(Array(("#!contacts.yaml\n" + registry).utf8)).0.count == 2)
        let broken = harness.versions(Array("#!contacts.yaml\ncontacts: [".utf8)).1
        #expect(broken.contains { $0.rule == .config && $0.location.file == "Guidance/contacts.yaml" })
    }

    @Test func thePageCheckFindsWhatMustNeverBePublished() {
        #expect(FuzzHarness.problems(inPage: "<p>Ring <a href=\"tel:02089012690\">020 8901 2690</a></p>") == [])
        // Text that merely mentions these things, escaped, is harmless.
        #expect(FuzzHarness.problems(inPage: "<p>&lt;script&gt; and javascript:alert(1) onclick=x</p><!-- <script> -->") == [])
        #expect(FuzzHarness.problems(inPage: "<a href=\"https://example.org/?a=1&amp;on=2\">x</a>") == [])
        let bad = [
            "<SCRIPT>alert(1)</script>",
            "<img src=\"x\" onerror=\"alert(1)\">",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<img src=\"data:text/html,x\">",
            "<a href=\"file:///etc/passwd\">x</a>",
            "<iframe src=\"https://example.org\"></iframe>",
            "<a href=javascript:alert(1)>unquoted</a>",
            "<a href=\"java&#x09;script&colon;alert(1)\">entities</a>",
            "<a href='&#106;avascript:alert(1)'>single quotes</a>",
            "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
            "<p class=x ONCLICK=alert(1)>upper case</p>",
        ]
        for page in bad {
            #expect(FuzzHarness.problems(inPage: page).count == 1, "\(page)")
        }
    }
}
