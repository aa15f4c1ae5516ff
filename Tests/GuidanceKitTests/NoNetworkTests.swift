import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Without a network, a link check gives no verdicts: it says once that the
/// links were not checked. A host counts as non-existent only while another
/// name resolves. Lookups go to `NoNetworkResolver` (nothing exists) or
/// `TestResolver` (`good.test` leads to the test server, `.invalid` names do
/// not exist). Nothing here leaves the machine.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(2))) struct NoNetworkTests {
    static func project(links: [String]) throws -> Project {
        let body = "## Links\n\n" + links.enumerated().map { "- [Site \($0.offset + 1)](\($0.element))\n" }.joined()
        // A registry without web addresses: the sheet's links are the only ones.
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)],
                                            registry: "contacts:\n  mash:\n    name: MASH\n    verified: 2026-11-01\n")
        let (project, findings, _) = try Project.read(root: root)
        #expect(!findings.hasErrors, "\(findings)")
        return try #require(project)
    }

    @Test func whenNoNameResolvesNoLinkGetsAVerdictAndOneWarningSaysSo() async throws {
        let project = try Self.project(links: ["https://www.no-such-host-a.invalid/", "https://no-such-host-b.invalid/page"])
        let cacheRoot = try Support.temporaryFolder()
        var check = LinkCheck(settings: LinkCheckerTests.settings(), cache: LinkCache(root: cacheRoot, maximumAge: 3600),
                              resolver: NoNetworkResolver())
        let (findings, statuses) = await check.run(project)
        #expect(findings.count == 1, "\(findings)")
        let warning = try #require(findings.first)
        #expect(warning.severity == .warning && warning.rule == .unreachableLink)
        #expect(warning.message.contains("2 links were not checked") && warning.message.contains("no network"), "\(warning.message)")
        #expect(!findings.contains { $0.rule == .brokenLink })
        #expect(statuses.values.allSatisfy { $0 == .notChecked })
        #expect(!FileManager.default.fileExists(atPath: cacheRoot.appendingPathComponent(".guidance-cache/links.json").path),
                "nothing is remembered from a run without a network")
    }

    @Test func aHostThatDoesNotExistIsBrokenWhileAnotherNameResolves() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let working = server.url("/ok")
        let project = try Self.project(links: [working, "https://no-such-host.invalid/"])
        var check = LinkCheck(settings: LinkCheckerTests.settings(), cache: nil, resolver: TestResolver())
        let (findings, statuses) = await check.run(project)
        #expect(statuses[working] == .ok(status: 200))
        let broken = try #require(findings.first { $0.rule == .brokenLink }, "\(findings)")
        #expect(broken.message.contains("the host no-such-host.invalid does not exist"))
        #expect(findings.count == 1)
    }

    @Test func judgementNeedsAnotherNameToHaveResolved() {
        var evidence = LinkChecker.NetworkEvidence()
        evidence.anyAnswer = true  // only an address literal answered: lookups are not shown to work
        let (statuses, warning) = LinkCheck.judge(["https://gone.example/": .hostNotFound(host: "gone.example")], network: evidence)
        #expect(warning == nil)
        guard case .unreachable(let reason) = statuses["https://gone.example/"] else {
            Issue.record("\(statuses)")
            return
        }
        #expect(reason.contains("network may be at fault"))
    }

    @Test func failuresReadAsAPersonWouldPutThem() {
        #expect(LinkChecker.tlsReason("handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))")
                == "its certificate could not be verified")
        let internals = "handshakeFailed(NIOSSL.BoringSSLError at /work/.build/checkouts/swift-nio-ssl/Sources/NIOSSL/SSLErrors.swift:123)"
        #expect(!LinkChecker.plain(internals).contains("/"))
        #expect(!LinkChecker.plain("ioOnClosedChannel at /x/.build/checkouts/swift-nio/Sources/NIOCore/x.swift:1").contains(".build"))
    }

    /// `guidance check` on this project, on a machine without a network,
    /// blames no link: the shipped sheets' and registry's addresses, looked up
    /// through a resolver for which no name exists (never the system's: a test
    /// sends nothing beyond this machine).
    @Test func checkOnTheShippedGuidanceWithoutNetworkBlamesNoLink() async throws {
        let root = try Support.copyOfProject()
        var links = Check.LinkOptions(useCache: false)
        let resolver = NoNetworkResolver()
        links.resolver = resolver
        let options = Check.Options(pipeline: .init(asOf: try #require(Day(iso: "2026-12-08"))), links: links,
                                    printCheck: false, printer: nil)
        let findings = try await Check.run(root: root, options: options).findings
        #expect(!findings.contains { $0.rule == .brokenLink }, "\(findings)")
        let warnings = findings.filter { $0.message.contains("not checked") }
        #expect(warnings.count == 1, "one no-network warning: \(findings)")
        #expect(!findings.hasErrors, "\(findings)")
        #expect(resolver.asked.contains("www.nspcc.org.uk"), "the shipped addresses were asked for")
    }
}
}
