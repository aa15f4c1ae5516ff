import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Checks web addresses over HTTP, politely and within bounds: HEAD first,
/// GET when a server refuses HEAD; redirects followed by hand (at most 5) so
/// permanent ones and loops are seen; retries with exponential backoff for
/// timeouts, 5xx and 429 (honouring Retry-After up to a cap); a limit on
/// requests in flight per host and in all; a time limit on each exchange,
/// body included, and a deadline for the whole run, lookups included; no
/// cookies or credentials; at most a few kilobytes read of any body. Never
/// requests an address a reader elsewhere could not reach (`PrivateHosts`),
/// judged on the address literal or on every address a name resolves to,
/// and connects only to the address it judged.
struct LinkChecker: Sendable {
    static let userAgent = "guidance-link-checker/1.0 (checks the links on safeguarding guidance sheets)"
    static let maximumRedirects = 5
    static let bodyByteCap = 16 * 1024

    var settings: LinkSettings
    /// Where host names lead: the system's resolver, or in tests one that
    /// puts stand-ins for public servers on 127.0.0.1 under names like `good.test`.
    var resolver: any HostResolver

    init(settings: LinkSettings, resolver: any HostResolver = SystemResolver()) {
        self.settings = settings
        self.resolver = resolver
    }

    /// What a run showed about the network itself, whatever the links' fate.
    struct NetworkEvidence: Sendable, Equatable {
        /// Host names (not address literals) that were looked up successfully.
        var resolvedNames: Set<String> = []
        /// Whether any server answered at all.
        var anyAnswer = false
        init() {}
    }

    /// Checks every address once; `progress(done, total, failures)` is called after each.
    func check(_ urls: [String], progress: @Sendable (Int, Int, Int) -> Void = { _, _, _ in }) async -> [String: LinkStatus] {
        await checkWithEvidence(urls, progress: progress).statuses
    }

    /// Checks every address once, and says what the run showed about the network.
    func checkWithEvidence(_ urls: [String], progress: @Sendable (Int, Int, Int) -> Void = { _, _, _ in })
        async -> (statuses: [String: LinkStatus], network: NetworkEvidence) {
        let clients = Clients(settings: settings)
        let deadline = ContinuousClock.now + .milliseconds(Int64(settings.deadline * 1000))
        let gates = HostGates(limit: settings.perHost)
        let witness = NetworkWitness()
        // Each host name is looked up once, by the checker itself, so that the
        // addresses judged are the ones connected to.
        let lookups = Lookups(resolver: resolver)

        let run = Run(clients: clients, gates: gates, witness: witness, lookups: lookups, deadline: deadline)
        var results: [String: LinkStatus] = [:]
        var failures = 0
        await withTaskGroup(of: (String, LinkStatus).self) { group in
            var pending = urls[...]
            func startNext() {
                guard let url = pending.popFirst() else { return }
                group.addTask { (url, await self.checkOne(url, run: run)) }
            }
            for _ in 0..<min(settings.concurrency, urls.count) { startNext() }
            for await (url, status) in group {
                results[url] = status
                if !status.isSuccess, status != .cached { failures += 1 }
                progress(results.count, urls.count, failures)
                startNext()
            }
        }
        // Lookups still hanging are given up (their threads end with the
        // system's own timeout); no one waits for them.
        await lookups.cancelAll()
        await clients.shutdown()
        return (results, await witness.evidence)
    }

    /// What every exchange of one run shares.
    private struct Run: Sendable {
        let clients: Clients
        let gates: HostGates
        let witness: NetworkWitness
        let lookups: Lookups
        let deadline: ContinuousClock.Instant
    }

    private func checkOne(_ url: String, run: Run) async -> LinkStatus {
        var visited: [String] = []
        var current = url
        var permanent = false
        for _ in 0...Self.maximumRedirects {
            if visited.contains(current) {
                return .broken(reason: "it redirects in a loop (\(visited.joined(separator: " -> ")) -> \(current))")
            }
            visited.append(current)
            let answer = await requestWithRetries(current, run: run)
            switch answer {
            case .failed(let status):
                if case .broken(let reason) = status, visited.count > 1 {
                    return .broken(reason: "\(reason), after redirecting to \(current)")
                }
                if case .privateAddress(let target) = status {
                    // An internal address is named by its host alone: never its path or query.
                    return .privateAddress(reason: visited.count > 1
                        ? "redirects to \(target), which was not followed" : "leads to \(target)")
                }
                return status
            case .response(let code, let location):
                if (300...399).contains(code), code != 304, let location {
                    guard let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString else {
                        return .broken(reason: "it redirects to an address that cannot be read ('\(location)')")
                    }
                    if code == 301 || code == 308 { permanent = true }
                    current = next
                    continue
                }
                if (200...299).contains(code) || settings.accept.contains(code) {
                    return permanent ? .redirected(to: current, status: code) : .ok(status: code)
                }
                if code == 404 || code == 410 {
                    let where_ = visited.count > 1 ? " at \(current), where it redirects" : ""
                    return .broken(reason: "the server answered \(code) \(Self.reason(code))\(where_)")
                }
                return .unreachable(reason: "the server answered \(code) \(Self.reason(code))")
            }
        }
        return .unreachable(reason: "it redirects more than \(Self.maximumRedirects) times")
    }

    private enum Answer { case response(Int, location: String?), failed(LinkStatus) }

    private func requestWithRetries(_ url: String, run: Run) async -> Answer {
        var attempt = 0
        while true {
            let outcome = await request(url, run: run)
            await run.witness.saw(outcome)
            var wait: Duration?
            switch outcome {
            case .deadlinePassed:
                return .failed(pastDeadline)
            case .refused(let reason):
                return .failed(.privateAddress(reason: reason))
            case .response(let code, _, let retryAfter, _) where code == 429 || (500...599).contains(code):
                let backoff = Duration.milliseconds(Int64(settings.backoff * 1000 * pow(2, Double(attempt))))
                wait = retryAfter.map { min($0, .milliseconds(Int64(settings.retryAfterMax * 1000))) } ?? backoff
                if attempt >= settings.retries {
                    return .failed(.unreachable(reason: "the server answered \(code) \(Self.reason(code)) \(attempt + 1) times"))
                }
            case .response(let code, let location, _, _):
                return .response(code, location: location)
            case .unknownHost(let host):
                return .failed(.hostNotFound(host: host))
            case .lookupFailed(let host):
                return .failed(.unreachable(reason: "the host name \(host) could not be looked up; is the network up?"))
            case .transient(let reason, _):
                if attempt >= settings.retries {
                    return .failed(.unreachable(reason: "\(reason) (\(attempt + 1) attempts)"))
                }
                wait = .milliseconds(Int64(settings.backoff * 1000 * pow(2, Double(attempt))))
            case .invalid(let reason):
                return .failed(.broken(reason: reason))
            }
            attempt += 1
            if let wait {
                if ContinuousClock.now + wait > run.deadline { return .failed(pastDeadline) }
                try? await Task.sleep(for: wait)
            }
        }
    }

    private var pastDeadline: LinkStatus {
        .unreachable(reason: "not checked: \(Self.deadlinePassed(settings.deadline))")
    }

    static func deadlinePassed(_ deadline: Double) -> String {
        "the link check's deadline (\(seconds(deadline)) s) passed"
    }

    /// The words saying the deadline passed, when that is why a link was not checked.
    static func deadlineWords(in status: LinkStatus) -> String? {
        guard case .unreachable(let reason) = status,
              let range = reason.range(of: #"the link check's deadline \([0-9.]+ s\) passed"#, options: .regularExpression)
        else { return nil }
        return String(reason[range])
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    fileprivate enum Outcome {
        case deadlinePassed
        /// Not requested: the address is one a reader could not reach (why).
        case refused(String)
        /// `host`: the name that was looked up and answered.
        case response(Int, location: String?, retryAfter: Duration?, host: String)
        case unknownHost(String)
        case lookupFailed(String)
        /// `resolved`: the host name that was looked up before the failure, if any.
        case transient(String, resolved: String?)
        case invalid(String)
    }

    /// Where a host leads, judged: the address to connect to, or why not.
    private enum Route { case connect(IPAddress), refused(String), unknownHost, lookupFailed, deadlinePassed }

    private func route(_ host: String, run: Run) async -> Route {
        if let reason = PrivateHosts.reason(for: host) { return .refused(reason) }
        if let literal = IPAddress.literal(host) { return .connect(literal) }
        // Past the deadline no lookup is started: each would hold a thread.
        guard ContinuousClock.now < run.deadline else { return .deadlinePassed }
        let lookups = run.lookups
        guard let lookup = await within(run.deadline, { await lookups.lookUp(host) }) else { return .deadlinePassed }
        switch lookup {
        case .noSuchName: return .unknownHost
        case .failed: return .lookupFailed
        case .found(let addresses):
            if let reason = PrivateHosts.reason(forName: host, addresses: addresses.map(\.address)) { return .refused(reason) }
            await run.witness.resolved([host])
            // IPv4 first: one address is pinned, and IPv6 is the likelier to be broken on a school's network.
            guard let chosen = addresses.first(where: { $0.address.bytes.count == 4 }) ?? addresses.first else {
                return .unknownHost
            }
            return .connect(chosen.connect)
        }
    }

    /// One exchange: HEAD, and GET when the server refuses HEAD.
    private func request(_ url: String, run: Run) async -> Outcome {
        guard let parsed = URL(string: url), let host = parsed.host, ["http", "https"].contains(parsed.scheme?.lowercased() ?? "") else {
            return .invalid("'\(url)' is not a web address that can be checked")
        }
        let address: IPAddress
        switch await route(host, run: run) {
        case .connect(let judged): address = judged
        case .refused(let reason): return .refused(reason)
        case .unknownHost: return .unknownHost(host)
        case .lookupFailed: return .lookupFailed(host)
        case .deadlinePassed: return .deadlinePassed
        }
        let client = await run.clients.client(for: host, connectingTo: address)
        let key = "\(parsed.scheme ?? ""):\(host):\(parsed.port ?? 0)"
        await run.gates.acquire(key)
        // The time left is measured once the host is free: waiting for a turn counts too.
        let started = ContinuousClock.now
        guard run.deadline > started else {
            await run.gates.release(key)
            return .deadlinePassed
        }
        // Each exchange, body and all, ends at its timeout or at the run's
        // deadline, whichever comes first, however the server trickles.
        let timeout = started + .milliseconds(Int64(settings.timeout * 1000))
        let limit = min(timeout, run.deadline)
        let checker = self
        let outcome = await within(limit) { () async -> Outcome in
            do {
                var outcome = try await checker.exchange(url, method: .HEAD, client: client)
                if case .response(let code, _, _, _) = outcome, [400, 403, 404, 405, 501].contains(code) {
                    // Some servers refuse or mishandle HEAD; ask again the way a browser does.
                    outcome = try await checker.exchange(url, method: .GET, client: client)
                }
                return outcome
            } catch {
                return checker.classify(error, host: host)
            }
        }
        await run.gates.release(key)
        guard let outcome else {
            return limit == run.deadline && run.deadline <= timeout ? .deadlinePassed
                : .transient("no answer within \(Self.seconds(settings.timeout)) s", resolved: nil)
        }
        return outcome
    }

    private func exchange(_ url: String, method: HTTPMethod, client: HTTPClient) async throws -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,*/*;q=0.8")
        // The whole exchange is bounded by the caller; this only keeps the
        // client from waiting longer on its own.
        let response = try await client.execute(request, timeout: .seconds(Int64(max(1, settings.timeout.rounded(.up)))))
        // Read at most a little of the body, then let the connection go.
        var read = 0
        for try await chunk in response.body {
            read += chunk.readableBytes
            if read >= Self.bodyByteCap { break }
        }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map { Duration.milliseconds(Int64(max(0, $0) * 1000)) }
        return .response(Int(response.status.code), location: response.headers.first(name: "Location"), retryAfter: retryAfter,
                         host: URL(string: url)?.host ?? "")
    }

    fileprivate func classify(_ error: Error, host: String) -> Outcome {
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty {
                let lookups = [connection.dnsAError, connection.dnsAAAAError].compactMap { $0 as? SocketAddressError.UnknownHost }
                // Only "no such name" means the host may not exist; a failed or
                // temporary look-up (a resolver down) is not the link's fault.
                let noSuchName = [Int(EAI_NONAME), -5 /* EAI_NODATA */]
                if lookups.contains(where: { noSuchName.contains($0.errorCode) }) { return .unknownHost(host) }
                if !lookups.isEmpty {
                    return .transient("the host name \(host) could not be looked up; is the network up?", resolved: nil)
                }
            } else {
                // Addresses were found, so the name resolved; connecting failed.
                let refused = connection.connectionErrors.contains { String(describing: $0.error).localizedCaseInsensitiveContains("refused") }
                return .transient(refused ? "the connection to \(host) was refused" : "the connection to \(host) failed",
                                  resolved: host)
            }
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                return .transient("no answer within \(Self.seconds(settings.timeout)) s", resolved: nil)
            case .remoteConnectionClosed:
                return .transient("\(host) closed the connection without answering", resolved: host)
            default: break
            }
        }
        let typeName = String(reflecting: type(of: error))
        let text = String(describing: error)
        if typeName.contains("SSL") || typeName.contains("TLS") || text.contains("handshake") {
            return .transient("the secure connection to \(host) failed: \(Self.tlsReason(text))", resolved: host)
        }
        if text.localizedCaseInsensitiveContains("refused") {
            return .transient("the connection to \(host) was refused", resolved: host)
        }
        return .transient("the request to \(host) failed (\(Self.plain(text)))", resolved: nil)
    }

    /// A TLS failure as a person would put it, never the library's internals.
    static func tlsReason(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("expired") { return "its certificate has expired" }
        if lower.contains("hostname") || lower.contains("host name") || lower.contains("mismatch") {
            return "its certificate is for another name"
        }
        if lower.contains("certificate") || lower.contains("verify") { return "its certificate could not be verified" }
        if lower.contains("protocol") || lower.contains("version") { return "it offers no protocol this checker accepts" }
        return "the secure handshake did not complete"
    }

    /// An error's text without source paths or library internals: its first
    /// line, up to the first parenthesis or " at /", at most 80 characters.
    static func plain(_ text: String) -> String {
        var line = text.prefix { $0 != "\n" && $0 != "(" }
        if let at = line.range(of: " at /") { line = line[..<at.lowerBound] }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("/") else { return "an unexpected network error" }
        return String(trimmed.prefix(80))
    }

    static func reason(_ code: Int) -> String {
        HTTPResponseStatus(statusCode: code).reasonPhrase
    }
}

/// One HTTP client per host name, each connecting only to the address the
/// guard judged for that name (AsyncHTTPClient's `dnsOverride`, which keeps
/// the name for the Host header, SNI and the certificate check).
actor Clients {
    private let configuration: HTTPClient.Configuration
    private var clients: [String: HTTPClient] = [:]

    init(settings: LinkSettings) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(settings.timeout * 1000)),
                           read: .milliseconds(Int64(settings.timeout * 1000))))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.perHost
        self.configuration = configuration
    }

    func client(for host: String, connectingTo address: IPAddress) -> HTTPClient {
        let key = "\(host) \(address)"
        if let client = clients[key] { return client }
        var configuration = self.configuration
        configuration.dnsOverride = [host: address.description]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[key] = client
        return client
    }

    func shutdown() async {
        let all = Array(clients.values)
        clients = [:]
        await withTaskGroup(of: Void.self) { group in
            for client in all { group.addTask { try? await client.shutdown() } }
        }
    }
}

/// Each host name looked up once per run, however many links name it.
actor Lookups {
    private let resolver: any HostResolver
    private var tasks: [String: Task<HostLookup, Never>] = [:]

    init(resolver: any HostResolver) { self.resolver = resolver }

    func lookUp(_ name: String) async -> HostLookup {
        let task: Task<HostLookup, Never>
        if let started = tasks[name] {
            task = started
        } else {
            let resolver = self.resolver
            task = Task { await resolver.lookUp(name) }
            tasks[name] = task
        }
        return await task.value
    }

    func cancelAll() {
        for task in tasks.values { task.cancel() }
    }
}

/// Collects what each exchange showed about the network.
actor NetworkWitness {
    private(set) var evidence = LinkChecker.NetworkEvidence()

    func resolved(_ names: [String]) {
        evidence.resolvedNames.formUnion(names)
    }

    fileprivate func saw(_ outcome: LinkChecker.Outcome) {
        switch outcome {
        case .response(_, _, _, let host):
            evidence.anyAnswer = true
            if Self.isName(host) { evidence.resolvedNames.insert(host) }
        case .transient(_, let resolved?) where Self.isName(resolved):
            evidence.resolvedNames.insert(resolved)
        default:
            break
        }
    }

    /// A host name, not an IPv4 or IPv6 address literal.
    static func isName(_ host: String) -> Bool {
        !host.isEmpty && !host.contains(":") && !host.allSatisfy { $0.isNumber || $0 == "." }
    }
}

/// A limit on requests in flight to each host.
actor HostGates {
    private let limit: Int
    private var inFlight: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire(_ host: String) async {
        if inFlight[host, default: 0] < limit {
            inFlight[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[host] = queue
            next.resume()  // the slot passes straight to the next waiter
        } else {
            inFlight[host, default: 1] -= 1
        }
    }
}
