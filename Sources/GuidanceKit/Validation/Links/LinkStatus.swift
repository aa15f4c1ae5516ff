/// What checking one address found. Each case maps to at most one finding.
enum LinkStatus: Sendable, Hashable {
    /// The server answered with a success (2xx or an accepted code).
    case ok(status: Int)
    /// A recent success from `.guidance-cache/`; not requested again.
    case cached
    /// Matched an `exclude` pattern in guidance.yaml; not requested.
    case excluded
    /// Works, but only after a permanent redirect (301 or 308): update the link.
    case redirected(to: String, status: Int)
    /// 404, 410, an unknown host, or a redirect loop: the link is dead.
    case broken(reason: String)
    /// Timeouts, 5xx, 429 or a refused connection that persisted after retries,
    /// or any other answer that is not a success: it may work again later.
    case unreachable(reason: String)
    /// The name lookup said the host does not exist. Only a verdict (broken)
    /// when other names resolved in the same run; otherwise the machine may
    /// simply have no network. `LinkCheck` decides; no finding is made of it directly.
    case hostNotFound(host: String)
    /// Not checked: the machine has no network. No verdict, never cached.
    case notChecked
    /// Never requested: the address, or a redirect's target, is one a reader
    /// elsewhere could not reach. `reason` names the host, never a path or query.
    case privateAddress(reason: String)

    /// Whether readers would reach the page (so the result may be cached).
    var isSuccess: Bool {
        switch self {
        case .ok, .cached, .excluded, .notChecked: true
        default: false
        }
    }
}

/// Every place an address was written, so a finding can point at each.
struct LinkTarget: Sendable, Hashable {
    var url: String
    var locations: [SourceLocation]
}
