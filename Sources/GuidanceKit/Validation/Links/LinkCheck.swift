import Foundation

/// The network part of validation (`guidance check` without `--offline`):
/// gathers every http(s) address from the sheets and the registry, checks
/// each once, and turns the results into findings at every place it is written.
struct LinkCheck: Sendable {
    var settings: LinkSettings
    var cache: LinkCache?
    /// Where host names lead (the system's resolver but in tests).
    var resolver: any HostResolver

    init(settings: LinkSettings, cache: LinkCache?, resolver: any HostResolver = SystemResolver()) {
        self.settings = settings
        self.cache = cache
        self.resolver = resolver
    }

    /// Every web address in the resolved sheets and the registry, in a stable order.
    static func targets(in project: Project) -> [LinkTarget] {
        var order: [String] = []
        var locations: [String: [SourceLocation]] = [:]
        func add(_ url: String, _ location: SourceLocation) {
            let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return }
            if locations[url] == nil { order.append(url) }
            locations[url, default: []].append(location)
        }
        for contact in project.registry.contacts {
            if let url = contact.url { add(url, contact.locations["url"] ?? contact.location) }
        }
        for sheet in project.sheets {
            sheet.document.forEachNode { node in
                let location = node.start ?? SourceLocation(file: sheet.path, line: 1, column: 1)
                switch node.kind {
                case .link(let destination, _), .image(let destination, _): add(destination, location)
                default: break
                }
            }
        }
        return order.map { LinkTarget(url: $0, locations: locations[$0] ?? []) }
    }

    /// Whether an address matches an `exclude` pattern: `*` matches anything,
    /// and a pattern without `*` matches any address that contains it.
    static func isExcluded(_ url: String, patterns: [String]) -> Bool {
        patterns.contains { pattern in
            guard pattern.contains("*") else { return url.contains(pattern) }
            let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            var rest = url[...]
            for (index, part) in parts.enumerated() {
                if part.isEmpty { continue }
                if index == 0 {
                    guard rest.hasPrefix(part) else { return false }
                    rest = rest.dropFirst(part.count)
                } else if index == parts.count - 1 {
                    return rest.hasSuffix(part)
                } else {
                    guard let range = rest.range(of: part) else { return false }
                    rest = rest[range.upperBound...]
                }
            }
            return true
        }
    }

    /// Checks the project's links; returns findings and the status of each address.
    mutating func run(_ project: Project, progress: @Sendable (Int, Int, Int) -> Void = { _, _, _ in })
        async -> (findings: [Finding], statuses: [String: LinkStatus]) {
        let targets = Self.targets(in: project)
        var statuses: [String: LinkStatus] = [:]
        var toCheck: [String] = []
        // Links whose host alone shows no reader could follow them: never
        // requested, and already reported by the offline rule (`LinkChecks`).
        var reportedOffline: Set<String> = []
        for target in targets {
            if let reason = PrivateHosts.reason(forURL: target.url) {
                statuses[target.url] = .privateAddress(reason: "leads to \(reason)")
                reportedOffline.insert(target.url)
            } else if Self.isExcluded(target.url, patterns: settings.exclude) {
                statuses[target.url] = .excluded
            } else if cache?.isFresh(target.url) == true {
                statuses[target.url] = .cached
            } else {
                toCheck.append(target.url)
            }
        }
        let (raw, network) = await LinkChecker(settings: settings, resolver: resolver).checkWithEvidence(toCheck, progress: progress)
        let (checked, noNetwork) = Self.judge(raw, network: network)
        for (url, status) in checked {
            statuses[url] = status
            cache?.record(url, status)
        }
        if noNetwork == nil { cache?.save() }
        var findings: [Finding] = []
        if let noNetwork { findings.append(noNetwork) }
        for target in targets where !reportedOffline.contains(target.url) {
            guard let status = statuses[target.url] else { continue }
            for location in target.locations {
                if let finding = Self.finding(for: status, url: target.url, at: location) { findings.append(finding) }
            }
        }
        return (findings, statuses)
    }

    /// Verdicts that depend on the network as a whole. When no name resolved
    /// and no server answered, the machine has no network: no link gets a
    /// verdict, and one warning says so. A host counts as non-existent only
    /// when lookups demonstrably work (another name resolved).
    static func judge(_ statuses: [String: LinkStatus], network: LinkChecker.NetworkEvidence)
        -> (statuses: [String: LinkStatus], noNetwork: Finding?) {
        // A refused private address is a verdict without the network: it
        // neither counts as a link left unchecked nor loses its finding.
        let networked = statuses.filter { if case .privateAddress = $0.value { false } else { true } }
        guard !networked.isEmpty else { return (statuses, nil) }
        if network.resolvedNames.isEmpty && !network.anyAnswer {
            let count = networked.count == 1 ? "1 link was" : "\(networked.count) links were"
            // Lookups that never answered end at the deadline: say so, it is why the check stopped.
            let deadline = networked.values.lazy.compactMap(LinkChecker.deadlineWords).first
            let why = deadline.map { "no host name could be looked up and no server answered before \($0), so this machine seems "
                + "to have no network or a name server that does not answer" }
                ?? "no host name could be looked up and no server answered, so this machine seems to have no network"
            let warning = Finding.warning(.unreachableLink, at: .noFile,
                "\(count) not checked: \(why); nothing is wrong with the links for that. Run guidance check where there is a network")
            return (statuses.mapValues { if case .privateAddress = $0 { $0 } else { .notChecked } }, warning)
        }
        let judged = statuses.mapValues { status -> LinkStatus in
            guard case .hostNotFound(let host) = status else { return status }
            if network.resolvedNames.contains(where: { $0 != host }) {
                return .broken(reason: "the host \(host) does not exist")
            }
            return .unreachable(reason: "the host name \(host) could not be looked up, and no other name was, "
                                + "so the network may be at fault")
        }
        return (judged, nil)
    }

    /// An address's scheme, host and port only: what a finding about a
    /// private address may repeat (never a path or query that may carry a token).
    static func origin(of url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "this link" }
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shown)\(parsed.port.map { ":\($0)" } ?? "")/"
    }

    static func finding(for status: LinkStatus, url: String, at location: SourceLocation) -> Finding? {
        switch status {
        case .ok, .cached, .excluded, .notChecked:
            return nil
        case .hostNotFound(let host):
            return .warning(.unreachableLink, at: location, "\(url) could not be reached: the host name \(host) was not found; check it by hand")
        case .redirected(let final, _):
            return .warning(.redirectedLink, at: location,
                "\(url) has moved permanently to \(final); update the link", suggestion: final)
        case .broken(let reason):
            return .error(.brokenLink, at: location, "\(url) is broken: \(reason); find its new address or remove it")
        case .unreachable(let reason):
            return .warning(.unreachableLink, at: location, "\(url) could not be reached: \(reason); check it by hand")
        case .privateAddress(let reason):
            return .error(.privateLink, at: location,
                "\(origin(of: url)) \(reason): a school's reader cannot follow it, so it is not checked; link to the public address of the page")
        }
    }
}
