import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Checks web addresses over HTTP, politely and within bounds: HEAD first,
/// GET when a server refuses HEAD; redirects followed by hand (at most 5) so
/// permanent ones and loops are seen; retries with exponential backoff for
/// timeouts, 5xx and 429 (honouring Retry-After up to a cap); a limit on
/// requests in flight per host and in all; a deadline for the whole run; no
/// cookies or credentials; at most a few kilobytes read of any body.
struct LinkChecker: Sendable {
    static let userAgent = "guidance-link-checker/1.0 (checks the links on safeguarding guidance sheets)"
    static let maximumRedirects = 5
    static let bodyByteCap = 16 * 1024

    var settings: LinkSettings

    init(settings: LinkSettings) { self.settings = settings }

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
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(settings.timeout * 1000)),
                           read: .milliseconds(Int64(settings.timeout * 1000))))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.perHost
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let deadline = ContinuousClock.now + .milliseconds(Int64(settings.deadline * 1000))
        let gates = HostGates(limit: settings.perHost)
        let witness = NetworkWitness()
        // Each host name is looked up once, first: a name that does not exist
        // (or a machine where nothing resolves) is known in milliseconds,
        // instead of after a connection attempt's timeout.
        let hosts = Set(urls.compactMap { URL(string: $0)?.host }.filter(NetworkWitness.isName))
        let lookups = await Self.lookUp(hosts.sorted())
        await witness.resolved(lookups.filter { $0.value == 0 }.map(\.key))

        var results: [String: LinkStatus] = [:]
        var failures = 0
        await withTaskGroup(of: (String, LinkStatus).self) { group in
            var pending = urls[...]
            func startNext() {
                guard let url = pending.popFirst() else { return }
                group.addTask {
                    if let host = URL(string: url)?.host, let status = lookups[host], status != 0 {
                        return (url, Self.lookupFailure(status, host: host))
                    }
                    return (url, await self.checkOne(url, client: client, gates: gates, witness: witness, deadline: deadline))
                }
            }
            for _ in 0..<min(settings.concurrency, urls.count) { startNext() }
            for await (url, status) in group {
                results[url] = status
                if !status.isSuccess, status != .cached { failures += 1 }
                progress(results.count, urls.count, failures)
                startNext()
            }
        }
        try? await client.shutdown()
        return (results, await witness.evidence)
    }

    /// `getaddrinfo`'s answer for each host name (0 when it resolved), each
    /// looked up on its own thread, all at once.
    static func lookUp(_ hosts: [String]) async -> [String: Int32] {
        await withTaskGroup(of: (String, Int32).self) { group in
            for host in hosts {
                group.addTask {
                    await Task.detached {
                        var hints = addrinfo()
                        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                        var result: UnsafeMutablePointer<addrinfo>?
                        let status = getaddrinfo(host, nil, &hints, &result)
                        if let result { freeaddrinfo(result) }
                        return (host, status)
                    }.value
                }
            }
            var answers: [String: Int32] = [:]
            for await (host, status) in group { answers[host] = status }
            return answers
        }
    }

    /// A failed look-up: "no such name" may be a dead host (judged against
    /// the other names later); anything else is the network's trouble.
    static func lookupFailure(_ status: Int32, host: String) -> LinkStatus {
        if status == EAI_NONAME || status == -5 /* EAI_NODATA */ { return .hostNotFound(host: host) }
        return .unreachable(reason: "the host name \(host) could not be looked up; is the network up?")
    }

    private func checkOne(_ url: String, client: HTTPClient, gates: HostGates, witness: NetworkWitness,
                          deadline: ContinuousClock.Instant) async -> LinkStatus {
        var visited: [String] = []
        var current = url
        var permanent = false
        for _ in 0...Self.maximumRedirects {
            if visited.contains(current) {
                return .broken(reason: "it redirects in a loop (\(visited.joined(separator: " -> ")) -> \(current))")
            }
            visited.append(current)
            let answer = await requestWithRetries(current, client: client, gates: gates, witness: witness, deadline: deadline)
            switch answer {
            case .failed(let status):
                if case .broken(let reason) = status, visited.count > 1 {
                    return .broken(reason: "\(reason), after redirecting to \(current)")
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

    private func requestWithRetries(_ url: String, client: HTTPClient, gates: HostGates, witness: NetworkWitness,
                                    deadline: ContinuousClock.Instant) async -> Answer {
        var attempt = 0
        while true {
            let outcome = await request(url, client: client, gates: gates, deadline: deadline)
            await witness.saw(outcome)
            var wait: Duration?
            switch outcome {
            case .deadlinePassed:
                return .failed(pastDeadline)
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
                if ContinuousClock.now + wait > deadline { return .failed(pastDeadline) }
                try? await Task.sleep(for: wait)
            }
        }
    }

    private var pastDeadline: LinkStatus {
        .unreachable(reason: "not checked: the link check's deadline (\(Int(settings.deadline)) s) passed")
    }

    fileprivate enum Outcome {
        case deadlinePassed
        /// `host`: the name that was looked up and answered.
        case response(Int, location: String?, retryAfter: Duration?, host: String)
        case unknownHost(String)
        /// `resolved`: the host name that was looked up before the failure, if any.
        case transient(String, resolved: String?)
        case invalid(String)
    }

    /// One exchange: HEAD, and GET when the server refuses HEAD.
    private func request(_ url: String, client: HTTPClient, gates: HostGates, deadline: ContinuousClock.Instant) async -> Outcome {
        guard let parsed = URL(string: url), let host = parsed.host, ["http", "https"].contains(parsed.scheme?.lowercased() ?? "") else {
            return .invalid("'\(url)' is not a web address that can be checked")
        }
        let key = "\(parsed.scheme ?? ""):\(host):\(parsed.port ?? 0)"
        await gates.acquire(key)
        // The time left is measured once the host is free: waiting for a turn counts too.
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else {
            await gates.release(key)
            return .deadlinePassed
        }
        let timeout = min(Duration.milliseconds(Int64(settings.timeout * 1000)), remaining)
        var outcome: Outcome
        do {
            outcome = try await exchange(url, method: .HEAD, client: client, timeout: timeout)
            if case .response(let code, _, _, _) = outcome, [400, 403, 404, 405, 501].contains(code) {
                // Some servers refuse or mishandle HEAD; ask again the way a browser does.
                outcome = try await exchange(url, method: .GET, client: client, timeout: timeout)
            }
        } catch {
            outcome = classify(error, host: host)
        }
        await gates.release(key)
        return outcome
    }

    private func exchange(_ url: String, method: HTTPMethod, client: HTTPClient, timeout: Duration) async throws -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,*/*;q=0.8")
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let response = try await client.execute(request, timeout: .nanoseconds(max(nanoseconds, 1_000_000)))
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

    private func classify(_ error: Error, host: String) -> Outcome {
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
                return .transient("no answer within \(settings.timeout) s", resolved: nil)
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
