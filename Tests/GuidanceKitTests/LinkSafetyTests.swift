import Dispatch
import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Issue 23, items 4 and 5: the link check ends at its deadline whatever the
/// network does, and never requests an address a school's reader could not
/// follow. Every server is on 127.0.0.1 and reached under `.test` names
/// (`TestResolver`); no test sends a packet anywhere else.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(3))) struct LinkSafetyTests {
    // MARK: Item 4: time limits hold while a body trickles or a lookup hangs

    @Test func aTricklingBodyEndsAtTheDeadlineAndItsConnectionIsClosed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var settings = LinkCheckerTests.settings()
        settings.deadline = 2  // the body would take 15 s
        settings.timeout = 30  // only the deadline can end it
        let url = server.url("/trickle")
        let results = await LinkChecker(settings: settings, resolver: TestResolver()).check([url])
        let status = try #require(results[url])
        guard case .unreachable(let reason) = status else { Issue.record("trickle: \(status)"); return }
        #expect(reason.contains("deadline (2 s) passed"), "\(reason)")
        try #require(server.state.withLockedValue { $0.methods }.contains("GET /trickle"),
                     "the body was being read when the deadline came")
        try waitFor(timeout: 10, "the server to see the connection closed") { server.trickleCutShort }
        #expect(server.state.withLockedValue { $0.trickled } < TestHTTPServer.trickleLength, "closed before the server finished")
    }

    @Test func aTricklingBodyEndsAtTheRequestTimeout() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var settings = LinkCheckerTests.settings()
        settings.timeout = 2  // a byte every 250 ms never trips a read timeout; the whole answer must come within 2 s
        settings.retries = 0
        let url = server.url("/trickle")
        let results = await LinkChecker(settings: settings, resolver: TestResolver()).check([url])
        let status = try #require(results[url])
        guard case .unreachable(let reason) = status else { Issue.record("trickle: \(status)"); return }
        #expect(reason.contains("no answer within 2 s"), "\(reason)")
        try #require(server.state.withLockedValue { $0.methods }.contains("GET /trickle"),
                     "the body was being read when the timeout came")
        try waitFor(timeout: 10, "the server to see the connection closed") { server.trickleCutShort }
    }

    /// 40 names against a resolver that never answers (each lookup blocks
    /// its thread, as `getaddrinfo` does): the check ends at its deadline
    /// with a finding for each, while every lookup is still blocked, so
    /// neither the lookups nor the cooperative pool held it up.
    @Test func hangingLookupsEndAtTheDeadline() async throws {
        let release = DispatchSemaphore(value: 0)
        let counts = NIOLockedValueBox((started: 0, answered: 0))
        let resolver = SystemResolver { _ in
            counts.withLockedValue { $0.started += 1 }
            release.wait()
            counts.withLockedValue { $0.answered += 1 }
            return .noSuchName
        }
        var settings = LinkCheckerTests.settings()
        settings.deadline = 1
        let urls = (0..<40).map { "https://site-\($0).test/page" }
        let results = await LinkChecker(settings: settings, resolver: resolver).check(urls)
        let (started, answered) = counts.withLockedValue { ($0.started, $0.answered) }
        for _ in 0..<started { release.signal() }
        #expect(answered == 0, "the check returned while every lookup was still blocked")
        #expect(started > 0 && started <= settings.concurrency, "no lookup is started once the deadline has passed: \(started)")
        #expect(results.count == 40)
        let pastDeadline = results.values.filter {
            if case .unreachable(let reason) = $0 { reason.contains("deadline") } else { false }
        }
        #expect(pastDeadline.count == 40, "\(results.values.prefix(3))")
        // As `guidance check` says it: one warning, naming the deadline.
        let (_, warning) = LinkCheck.judge(results, network: LinkChecker.NetworkEvidence())
        #expect(warning?.message.contains("40 links were not checked") == true, "\(String(describing: warning))")
        #expect(warning?.message.contains("before the link check's deadline (1 s) passed") == true, "\(String(describing: warning))")
    }

    // MARK: Item 5: addresses a reader cannot follow are findings, never requests

    @Test func linksToThisMachineAreRefusedWithoutARequest() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let port = server.port
        let urls = ["http://127.0.0.1:\(port)/ok", "http://localhost:\(port)/ok", "http://LocalHost.:\(port)/ok",
                    "http://[::1]:\(port)/ok", "http://[::ffff:127.0.0.1]:\(port)/ok", "http://2130706433:\(port)/ok",
                    "http://0x7f.1:\(port)/ok", "http://127.1:\(port)/ok", "http://printer.local:\(port)/ok",
                    "http://sneaky.test:\(port)/ok?token=secret"]
        let resolver = TestResolver()
        let results = await LinkChecker(settings: LinkCheckerTests.settings(), resolver: resolver).check(urls)
        for url in urls {
            guard case .privateAddress(let reason) = results[url] else {
                Issue.record("\(url): \(String(describing: results[url]))")
                continue
            }
            #expect(reason.hasPrefix("leads to "), "\(reason)")
        }
        #expect(server.totalRequests == 0, "no request reached the server: \(server.state.withLockedValue { $0.methods })")
        #expect(resolver.asked == ["sneaky.test"], "names refused by name are not even looked up")
        guard case .privateAddress(let sneaky) = results[urls.last!] else { return }
        #expect(sneaky.contains("sneaky.test") && sneaky.contains("127.0.0.1") && sneaky.contains("loopback"))
        let finding = try #require(LinkCheck.finding(for: .privateAddress(reason: sneaky), url: urls.last!,
                                                     at: SourceLocation(file: "Guidance/a.md", line: 3, column: 5)))
        #expect(finding.rule == .privateLink && finding.severity == .error)
        #expect(!finding.message.contains("token") && !finding.message.contains("/ok"), "no path or query repeated: \(finding.message)")
    }

    @Test func aRedirectIntoThisMachineIsNotFollowed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let urls = [server.url("/to-loopback"), server.url("/to-localhost")]
        let results = await LinkChecker(settings: LinkCheckerTests.settings(), resolver: TestResolver()).check(urls)
        for url in urls {
            guard case .privateAddress(let reason) = results[url] else {
                Issue.record("\(url): \(String(describing: results[url]))")
                continue
            }
            #expect(reason.contains("redirects to") && reason.contains("not followed"), "\(reason)")
            #expect(!reason.contains("loopback-target"), "the internal address's path is not repeated")
        }
        #expect(server.requests("/to-loopback") == 1 && server.requests("/to-localhost") == 1, "the public link itself is checked")
        #expect(server.requests("/loopback-target") == 0, "the redirect into this machine reached no server")
    }

    @Test func privateAddressesAreKnownInEveryDisguise() {
        let refused = ["127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
                       "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255",
                       "::1", "[::1]", "::", "fc00::1", "fd12:3456::1", "fe80::1", "[fe80::1%25eth0]",
                       "::ffff:127.0.0.1", "[::ffff:10.0.0.1]", "64:ff9b::a00:1", "2002:c0a8:101::1",
                       "127.1", "2130706433", "0x7f000001", "017700000001", "0x7f.0.0.1",
                       "localhost", "LOCALHOST", "localhost.", "a.localhost", "printer.local", "nas.home.arpa",
                       "db.internal", "intranet"]
        for host in refused { #expect(PrivateHosts.reason(for: host) != nil, "\(host) should be refused") }
        let allowed = ["8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1", "2001:4860::8888",
                       "[2a00:1450::1]", "www.nspcc.org.uk", "harrowscb.co.uk", "good.test", "localhost.example.org"]
        for host in allowed { #expect(PrivateHosts.reason(for: host) == nil, "\(host) is public") }
        #expect(PrivateHosts.reason(forName: "x.test", addresses: [IPAddress.literal("8.8.8.8")!, IPAddress.literal("10.0.0.1")!])
                != nil, "one private address among a name's addresses is enough")
        #expect(IPAddress.literal("::ffff:7f00:1")?.description == "::ffff:127.0.0.1")
    }

    /// Without `--offline` or with it, a link to this machine is an error at
    /// its place, named without its query, and nothing is requested.
    @Test func checkReportsAPrivateLinkAtItsPlaceOnlineAndOffline() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let registry = Support.registry.replacingOccurrences(of: "https://example.org/mash", with: "http://localhost:\(server.port)/mash")
        let link = "http://127.0.0.1:\(server.port)/ok?key=abc"
        let sheet = Support.sheet("See [the internal page](\(link)).")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry)
        for offline in [true, false] {
            let run = try Support.guidance(["check", "--format", "json", "--as-of", "2026-11-15", "--no-print-check"]
                                           + (offline ? ["--offline"] : []), in: root)
            #expect(run.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let findings = try #require(object["findings"] as? [[String: Any]]).filter { $0["rule"] as? String == "private-link" }
            #expect(findings.count == 2, "\(run.stdout)")
            #expect(findings.allSatisfy { $0["severity"] as? String == "error" })
            let places = findings.map { "\($0["file"] ?? ""):\($0["line"] ?? 0):\($0["column"] ?? 0)" }
            #expect(places.contains("Guidance/a.md:8:5"), "\(places)")
            #expect(places.contains { $0.hasPrefix("Guidance/contacts.yaml:") }, "\(places)")
            #expect(!run.stdout.contains("key=abc"), "the query is never repeated")
            #expect(!run.stdout.contains("broken-link") && !run.stdout.contains("not checked"), "\(run.stdout)")
        }
        #expect(server.totalRequests == 0)
    }

    /// One `http://localhost` link used to make lookups "work" on a machine
    /// without a network, and every other link a "host does not exist" error.
    @Test func aLocalhostLinkLeavesTheNoNetworkWarningAlone() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let project = try NoNetworkTests.project(links: ["http://localhost:\(server.port)/ok", "https://a.invalid/", "https://b.invalid/"])
        let resolver = NoNetworkResolver()
        var check = LinkCheck(settings: LinkCheckerTests.settings(), cache: nil, resolver: resolver)
        let findings = await check.run(project).findings
        #expect(!findings.contains { $0.rule == .brokenLink }, "\(findings.map(\.message))")
        #expect(findings.count == 1, "\(findings.map(\.message))")
        #expect(findings.first?.message.contains("2 links were not checked") == true, "\(findings.map(\.message))")
        #expect(!resolver.asked.contains("localhost"))
        #expect(server.totalRequests == 0)
    }
}
}
