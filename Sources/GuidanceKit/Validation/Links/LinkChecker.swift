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
public struct LinkChecker: Sendable {
    public static let userAgent = "guidance-link-checker/1.0 (checks the links on safeguarding guidance sheets)"
    static let maximumRedirects = 5
    static let bodyByteCap = 16 * 1024

    public var settings: LinkSettings

    public init(settings: LinkSettings) { self.settings = settings }

    /// Checks every address once; `progress(done, total, failures)` is called after each.
    public func check(_ urls: [String], progress: @Sendable (Int, Int, Int) -> Void = { _, _, _ in }) async -> [String: LinkStatus] {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(settings.timeout * 1000)),
                           read: .milliseconds(Int64(settings.timeout * 1000))))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.perHost
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let deadline = ContinuousClock.now + .milliseconds(Int64(settings.deadline * 1000))
        let gates = HostGates(limit: settings.perHost)

        var results: [String: LinkStatus] = [:]
        var failures = 0
        await withTaskGroup(of: (String, LinkStatus).self) { group in
            var pending = urls[...]
            func startNext() {
                guard let url = pending.popFirst() else { return }
                group.addTask { (url, await self.checkOne(url, client: client, gates: gates, deadline: deadline)) }
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
        return results
    }

    private func checkOne(_ url: String, client: HTTPClient, gates: HostGates, deadline: ContinuousClock.Instant) async -> LinkStatus {
        var visited: [String] = []
        var current = url
        var permanent = false
        for _ in 0...Self.maximumRedirects {
            if visited.contains(current) {
                return .broken(reason: "it redirects in a loop (\(visited.joined(separator: " -> ")) -> \(current))")
            }
            visited.append(current)
            let answer = await requestWithRetries(current, client: client, gates: gates, deadline: deadline)
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

    private func requestWithRetries(_ url: String, client: HTTPClient, gates: HostGates,
                                    deadline: ContinuousClock.Instant) async -> Answer {
        var attempt = 0
        while true {
            let outcome = await request(url, client: client, gates: gates, deadline: deadline)
            var wait: Duration?
            switch outcome {
            case .deadlinePassed:
                return .failed(pastDeadline)
            case .response(let code, _, let retryAfter) where code == 429 || (500...599).contains(code):
                let backoff = Duration.milliseconds(Int64(settings.backoff * 1000 * pow(2, Double(attempt))))
                wait = retryAfter.map { min($0, .milliseconds(Int64(settings.retryAfterMax * 1000))) } ?? backoff
                if attempt >= settings.retries {
                    return .failed(.unreachable(reason: "the server answered \(code) \(Self.reason(code)) \(attempt + 1) times"))
                }
            case .response(let code, let location, _):
                return .response(code, location: location)
            case .unknownHost(let host):
                return .failed(.broken(reason: "the host \(host) does not exist"))
            case .transient(let reason):
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

    private enum Outcome {
        case deadlinePassed
        case response(Int, location: String?, retryAfter: Duration?)
        case unknownHost(String)
        case transient(String)
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
            if case .response(let code, _, _) = outcome, [400, 403, 404, 405, 501].contains(code) {
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
        return .response(Int(response.status.code), location: response.headers.first(name: "Location"), retryAfter: retryAfter)
    }

    private func classify(_ error: Error, host: String) -> Outcome {
        if let connection = error as? NIOConnectionError, connection.connectionErrors.isEmpty {
            let lookups = [connection.dnsAError, connection.dnsAAAAError].compactMap { $0 as? SocketAddressError.UnknownHost }
            // Only "no such name" means the host does not exist; a failed or
            // temporary look-up (no network, a resolver down) is not the link's fault.
            let noSuchName = [Int(EAI_NONAME), -5 /* EAI_NODATA */]
            if lookups.contains(where: { noSuchName.contains($0.errorCode) }) { return .unknownHost(host) }
            if let lookup = lookups.first {
                return .transient("the host name \(host) could not be looked up (\(lookup.errorDescription)); is the network up?")
            }
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return .transient("no answer within \(settings.timeout) s")
            default: break
            }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") { return .transient("the connection was refused") }
        return .transient("the request failed (\(text))")
    }

    static func reason(_ code: Int) -> String {
        HTTPResponseStatus(statusCode: code).reasonPhrase
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
