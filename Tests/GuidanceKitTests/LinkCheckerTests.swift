import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// The link checker against a real HTTP server on 127.0.0.1, reached as
/// `good.test` through `TestResolver` (the private-address guard stays on).
/// Nothing here leaves the machine; every test is bounded by short timeouts and deadlines.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(3))) struct LinkCheckerTests {
    static func settings() -> LinkSettings {
        var settings = LinkSettings()
        // Generous for a loaded CI machine (browser tests run alongside), yet well
        // under the test server's 5 s "slow" reply.
        settings.timeout = 2
        settings.retries = 2
        settings.backoff = 0.05
        settings.retryAfterMax = 2
        settings.perHost = 2
        settings.deadline = 120
        return settings
    }

    @Test func eachKindOfAnswer() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let refused = "http://good.test:\(try TestHTTPServer.closedPort())/"
        let paths = ["/ok", "/head-refused", "/chain/1", "/temporary", "/loop/a", "/moved-to-404", "/404", "/410",
                     "/429-then-ok", "/503-then-ok", "/503-always", "/slow"]
        let urls = paths.map { server.url($0) } + [refused]
        let started = ContinuousClock.now
        let results = await LinkChecker(settings: Self.settings(), resolver: TestResolver()).check(urls)
        let elapsed = ContinuousClock.now - started
        func status(_ path: String) -> LinkStatus? { results[server.url(path)] }

        #expect(status("/ok") == .ok(status: 200))
        #expect(status("/head-refused") == .ok(status: 200))
        #expect(server.requests("/head-refused") == 2, "HEAD refused, then GET")
        #expect(status("/chain/1") == .redirected(to: server.url("/chain/3"), status: 200))
        #expect(status("/temporary") == .ok(status: 200), "a temporary redirect needs no change")
        guard case .broken(let loop) = status("/loop/a") else { Issue.record("loop: \(String(describing: status("/loop/a")))"); return }
        #expect(loop.contains("loop"))
        guard case .broken(let moved) = status("/moved-to-404") else { Issue.record("moved-to-404"); return }
        #expect(moved.contains("404"))
        guard case .broken(let notFound) = status("/404"), case .broken(let gone) = status("/410") else {
            Issue.record("404/410 should be broken"); return
        }
        #expect(notFound.contains("404 Not Found") && gone.contains("410 Gone"))
        #expect(status("/429-then-ok") == .ok(status: 200))
        #expect(server.requests("/429-then-ok") == 2)
        #expect(status("/503-then-ok") == .ok(status: 200))
        guard case .unreachable(let always) = status("/503-always") else { Issue.record("503-always"); return }
        #expect(always.contains("503") && always.contains("3 times"))
        #expect(server.requests("/503-always") == 3, "one try and two retries")
        guard case .unreachable(let slow) = status("/slow") else { Issue.record("slow: \(String(describing: status("/slow")))"); return }
        #expect(slow.contains("no answer within"))
        guard case .unreachable = results[refused] else { Issue.record("refused: \(String(describing: results[refused]))"); return }
        // Retry-After: 1 was honoured (the 429 path waited about a second; a busy
        // machine only adds time). Nothing waited for the slow body: it is
        // unreachable for having no answer within the timeout, above.
        #expect(elapsed > .milliseconds(900), "\(elapsed)")
    }

    @Test func perHostLimitHolds() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var settings = Self.settings()
        settings.perHost = 2
        settings.concurrency = 16
        let urls = (0..<12).map { server.url("/delay/\($0)") }
        let results = await LinkChecker(settings: settings, resolver: TestResolver()).check(urls)
        #expect(results.values.allSatisfy { $0 == .ok(status: 200) })
        #expect(server.maxInFlight == 2, "at most 2 in flight to one host, and 2 were used")
    }

    @Test func theDeadlineStopsTheWholeRun() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var settings = Self.settings()
        settings.deadline = 1
        settings.timeout = 5
        settings.perHost = 1
        // One host, one request at a time, two replies slower than the whole run may take.
        let results = await LinkChecker(settings: settings, resolver: TestResolver()).check(["/slow/1", "/slow/2"].map { server.url($0) })
        let reasons = results.values.compactMap { status -> String? in
            if case .unreachable(let reason) = status { return reason }
            return nil
        }
        #expect(reasons.count == 2, "\(results)")
        // The run ended at its deadline, not at either request's 5 s timeout
        // (that would say "no answer within"), however slowly the machine ran.
        #expect(reasons.allSatisfy { $0.contains("deadline") }, "\(reasons)")
    }

    @Test func cacheSkipsRecentSuccessesAndRechecksFailures() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let sheet = Support.sheet("[Working page](\(server.url("/ok"))) and [dead page](\(server.url("/404"))).")
        // No address but the test server's: nothing may leave the machine.
        let registry = Support.registry.replacingOccurrences(of: "    url: https://example.org/mash\n", with: "")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry)
        let project = try #require(try Pipeline.run(root: root, options: .init()).project)
        #expect(LinkCheck.targets(in: project).allSatisfy { $0.url.hasPrefix("http://good.test:") })
        func run() async -> [Finding] {
            var check = LinkCheck(settings: Self.settings(), cache: LinkCache(root: root, maximumAge: 3600), resolver: TestResolver())
            return await check.run(project).findings
        }
        let first = await run()
        #expect(first.map(\.rule) == [.brokenLink])
        let column = "[Working page](\(server.url("/ok"))) and ".count + 1
        #expect(first.first?.location == SourceLocation(file: "Guidance/a.md", line: 8, column: column))
        let okRequests = server.requests("/ok"), deadRequests = server.requests("/404")
        let second = await run()
        #expect(second == first)
        #expect(server.requests("/ok") == okRequests, "a cached success is not requested again")
        #expect(server.requests("/404") > deadRequests, "a failure is always checked again")
        let cache = try String(contentsOf: root.appendingPathComponent(".guidance-cache/links.json"), encoding: .utf8)
        #expect(cache.contains("/ok") && !cache.contains("/404"))
        // An expired entry is checked again.
        var expired = LinkCheck(settings: Self.settings(), cache: LinkCache(root: root, maximumAge: 0), resolver: TestResolver())
        _ = await expired.run(project)
        #expect(server.requests("/ok") == okRequests + 1)
    }

    @Test func findingsNameEveryPlaceAnAddressIsWrittenAndCheckItOnce() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let registry = Support.registry.replacingOccurrences(of: "https://example.org/mash", with: server.url("/chain/1"))
        let sheet = Support.sheet("[MASH]({{mash.url}}) and [MASH again](\(server.url("/chain/1"))) and {{mash.url}}.")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry)
        let project = try #require(try Pipeline.run(root: root, options: .init()).project)
        #expect(LinkCheck.targets(in: project).allSatisfy { $0.url.hasPrefix("http://good.test:") })
        var check = LinkCheck(settings: Self.settings(), cache: nil, resolver: TestResolver())
        let findings = await check.run(project).findings
        #expect(findings.allSatisfy { $0.rule == .redirectedLink && $0.suggestion == server.url("/chain/3") })
        #expect(findings.map(\.location.file) == ["Guidance/contacts.yaml", "Guidance/a.md", "Guidance/a.md"])
        #expect(server.requests("/chain/1") == 1, "each address is checked once however often it appears")
        #expect(server.state.withLockedValue { $0.methods.allSatisfy { !$0.hasPrefix("GET /chain") } }, "HEAD is enough")
    }

    @Test func excludedAddressesAreNotRequested() {
        #expect(LinkCheck.isExcluded("https://intranet.harrow.gov.uk/x", patterns: ["intranet."]))
        #expect(LinkCheck.isExcluded("https://a.example.org/private/1", patterns: ["https://*.example.org/private/*"]))
        #expect(!LinkCheck.isExcluded("https://a.example.org/public/1", patterns: ["https://*.example.org/private/*"]))
    }
}
}

extension OneAtATime.LinkCheckerTests {
    /// `guidance check`'s link part as the command runs it (`Check.run`).
    /// The command itself reaches only public addresses, so here it is given
    /// the test resolver; its exit code for a link error is tested in
    /// `LinkSafetyTests.checkReportsAPrivateLinkAtItsPlaceOnlineAndOffline`.
    @Test func checkReportsDeadLinksAndRemembersWorkingOnes() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let registry = Support.registry.replacingOccurrences(of: "    url: https://example.org/mash\n", with: "")
        let sheet = Support.sheet("[The working page](\(server.url("/ok"))) and [the old page](\(server.url("/410"))).")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry,
            config: "partnership: P\naudiences:\n  schools: S\n  agencies: A\nlinks:\n  timeout: 3\n  backoff: 0.05\n")
        func check(useCache: Bool = true) async throws -> [Finding] {
            var links = Check.LinkOptions(useCache: useCache)
            links.resolver = TestResolver()
            let options = Check.Options(pipeline: .init(asOf: try #require(Day(iso: "2026-11-15"))), links: links,
                                        printCheck: false, printer: nil)
            return try await Check.run(root: root, options: options).findings
        }
        let all = try await check()
        #expect(all.filter { $0.rule == .insecureLink }.count == 2, "the test server speaks http://")
        let errors = all.filter { $0.severity == .error }
        #expect(errors.map(\.rule) == [.brokenLink])
        #expect(errors.first?.message.contains("410 Gone") == true)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".guidance-cache/links.json").path))
        let before = server.totalRequests
        _ = try await check(useCache: false)
        #expect(server.requests("/ok") >= 2 && server.totalRequests > before)
    }
}

/// A resolver whose lookups wait (without blocking a thread) until they are
/// cancelled, or 20 s: records whether a lookup was started and cancelled.
final class WaitingResolver: HostResolver, Sendable {
    private let box = NIOLockedValueBox((started: false, cancelled: false))
    var started: Bool { box.withLockedValue { $0.started } }
    var cancelled: Bool { box.withLockedValue { $0.cancelled } }
    func lookUp(_ name: String) async -> HostLookup {
        box.withLockedValue { $0.started = true }
        try? await Task.sleep(for: .seconds(20))
        if Task.isCancelled { box.withLockedValue { $0.cancelled = true } }
        return .failed
    }
}

extension OneAtATime.LinkCheckerTests {
    /// A `guidance check` that is cancelled (the command stopped) cancels its
    /// link check with it: the link check is a child of the check, not a task
    /// left running on its own until its deadline.
    @Test func cancellingACheckCancelsItsLinkCheck() async throws {
        let sheet = Support.sheet("[A page](https://waits.test/page).")
        let registry = Support.registry.replacingOccurrences(of: "    url: https://example.org/mash\n", with: "")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry,
            config: "partnership: P\naudiences:\n  schools: S\n  agencies: A\n")
        let resolver = WaitingResolver()
        var links = Check.LinkOptions(useCache: false)
        links.resolver = resolver
        let options = Check.Options(pipeline: .init(asOf: try #require(Day(iso: "2026-11-15"))), links: links,
                                    printCheck: false, printer: nil)
        let check = Task { try await Check.run(root: root, options: options) }
        // Bounded: 10 s for the lookup to start.
        for _ in 0..<1000 where !resolver.started { try await Task.sleep(for: .milliseconds(10)) }
        #expect(resolver.started, "the link check looked the name up")
        check.cancel()
        _ = try? await check.value
        // The lookup's own task notices its cancellation a moment later (bounded: 5 s).
        for _ in 0..<500 where !resolver.cancelled { try await Task.sleep(for: .milliseconds(10)) }
        #expect(resolver.cancelled, "the lookup was cancelled with the check, not left to run")
    }
}
