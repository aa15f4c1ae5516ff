import Yams

/// `Guidance/guidance.yaml`: the partnership, its audiences, and settings.
package struct Configuration: Sendable {
    package struct Audience: Hashable, Sendable {
        /// The id used in markers and paths, e.g. `schools`.
        var id: String
        /// What a reader sees, e.g. "Schools and colleges".
        var label: String
        /// The labels of the box each sheet of this audience reserves for the
        /// setting's own contacts (`own-contacts:`); empty for no box.
        var ownContacts: [String] = []
    }

    package var partnership: String
    /// Declared audiences, in the order the office wrote them.
    var audiences: [Audience]
    /// Where `Output/` is published, e.g. `https://www.harrowscb.co.uk/guidance/`.
    var baseURL: String?
    var links: LinkSettings
    var language: LanguageSettings
    /// Places the office counts as its own besides those in the partnership's
    /// name (`places:`), so the `other-area` rule stays silent about them.
    var places: [String] = []
    /// The partnership in a file name (`short-name`, e.g. `harrow`): the
    /// first part of every download's name, so a file saved from two
    /// partnerships' sites, or for two audiences, never takes another's name.
    var shortName: String
    /// The accent colour and logo (`theme:`); empty for none.
    var theme = Theme()

    func audience(_ id: String) -> Audience? { audiences.first { $0.id == id } }

    static let path = "Guidance/guidance.yaml"

    /// Reads the configuration; nil (with findings) when it cannot be used.
    package static func read(_ text: String, file: String = path) -> (Configuration?, [Finding]) {
        var yaml = YAMLReader(file: file, rule: .config)
        guard let root = yaml.compose(text) else {
            if yaml.findings.isEmpty {
                yaml.error("the file is empty; it must name the partnership and its audiences", at: nil)
            }
            return (nil, yaml.findings)
        }
        guard let entries = yaml.mapping(root, what: file) else { return (nil, yaml.findings) }

        var partnership: String?
        var audiences: [Audience] = []
        var baseURL: String?
        var shortName: String?
        var links = LinkSettings()
        var language = LanguageSettings()
        var sawPartnership = false, sawAudiences = false
        var places: [String] = []
        var themeNode: Node?
        let known = ["partnership", "short-name", "audiences", "base-url", "links", "language", "places", "theme"]
        for (key, keyNode, value) in entries {
            switch key {
            case "partnership":
                sawPartnership = true
                partnership = yaml.string(value, what: "partnership")
            case "base-url":
                if let url = yaml.string(value, what: "base-url") {
                    if url.hasPrefix("https://") || url.hasPrefix("http://") {
                        baseURL = url.hasSuffix("/") ? url : url + "/"
                    } else {
                        yaml.error("base-url must be a web address starting with https://", at: value)
                    }
                }
            case "short-name":
                if let name = yaml.string(value, what: "short-name") {
                    if Identifier.isValid(name) {
                        shortName = name
                    } else {
                        yaml.error("short-name '\(name)' may use only lower-case letters, digits and hyphens (e.g. harrow)", at: value)
                    }
                }
            case "audiences":
                sawAudiences = true
                guard let list = yaml.mapping(value, what: "audiences") else { continue }
                for (id, idNode, labelNode) in list {
                    guard Identifier.isValid(id) else {
                        yaml.error("audience id '\(id)' may use only lower-case letters, digits and hyphens", at: idNode)
                        continue
                    }
                    if let audience = Audience.read(id: id, idNode: idNode, labelNode, into: &yaml) {
                        audiences.append(audience)
                    }
                }
            case "links":
                links.read(value, into: &yaml)
            case "language":
                language.read(value, into: &yaml)
            case "places":
                places = (yaml.strings(value, what: "places") ?? []).map(\.0)
            case "theme":
                themeNode = value  // read last: its example names the partnership
            default:
                yaml.unknownKey(key, at: keyNode, known: known, in: file)
            }
        }
        let theme = themeNode.map { Theme.read($0, partnership: partnership, into: &yaml) } ?? Theme()
        if !sawPartnership {
            yaml.error("missing 'partnership:' (the name printed on every sheet)", at: root)
        }
        if audiences.isEmpty, !sawAudiences {
            yaml.error("missing 'audiences:' (e.g. schools: Schools and colleges)", at: root)
        }
        guard let partnership, !audiences.isEmpty, !yaml.findings.hasErrors else { return (nil, yaml.findings) }
        return (Configuration(partnership: partnership, audiences: audiences, baseURL: baseURL,
                              links: links, language: language, places: places, shortName: shortName ?? Identifier.slug(partnership, otherwise: "guidance"),
                              theme: theme),
                yaml.findings)
    }
}

extension Configuration.Audience {
    /// What `own-contacts: true` reserves: the lines a school poster names.
    static let defaultOwnContacts = ["Our designated safeguarding lead", "Deputy", "Where to find them"]

    /// An audience from its entry: `id: Label`, or a mapping with `label:` and
    /// `own-contacts:` (true for the default lines, or a list of their labels).
    static func read(id: String, idNode: Node, _ node: Node, into yaml: inout YAMLReader) -> Self? {
        guard case .mapping = node else {
            return yaml.string(node, what: "the label of audience '\(id)'").map { Self(id: id, label: $0) }
        }
        guard let entries = yaml.mapping(node, what: "audience '\(id)'") else { return nil }
        var label: String?
        var ownContacts: [String] = []
        for (key, keyNode, value) in entries {
            switch key {
            case "label":
                label = yaml.string(value, what: "the label of audience '\(id)'")
            case "own-contacts":
                ownContacts = readOwnContacts(value, audience: id, into: &yaml)
            default:
                yaml.unknownKey(key, at: keyNode, known: ["label", "own-contacts"], in: "audience '\(id)'")
            }
        }
        guard let label else {
            if !entries.contains(where: { $0.key == "label" }) {
                yaml.error("audience '\(id)' has no 'label:' (what a reader sees, e.g. label: Schools and colleges)", at: idNode)
            }
            return nil
        }
        return Self(id: id, label: label, ownContacts: ownContacts)
    }

    /// `true` (the default lines), `false`, or the labels of the lines, one to four.
    private static func readOwnContacts(_ node: Node, audience id: String, into yaml: inout YAMLReader) -> [String] {
        let what = "own-contacts of audience '\(id)'"
        let hint = "write true (a box for the designated safeguarding lead, deputy and where to find them), false, "
            + "or the labels of its lines, e.g. [Our safeguarding lead, Where to find them]"
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true": return defaultOwnContacts
            case "false": return []
            default:
                yaml.error("\(what) must be true, false or a list of labels, not '\(scalar.string)'; \(hint)", at: node)
                return []
            }
        }
        guard case .sequence = node, let labels = yaml.strings(node, what: what) else {
            yaml.error("\(what) must be true, false or a list of labels; \(hint)", at: node)
            return []
        }
        guard (1...4).contains(labels.count) else {
            yaml.error("\(what) lists \(labels.count) lines; a box on a one-page sheet holds one to four", at: node)
            return []
        }
        return labels.map { $0.0.hasSuffix(":") ? String($0.0.dropLast()) : $0.0 }
    }
}

/// Link-check settings (`links:` in guidance.yaml), each with a default.
struct LinkSettings: Sendable, Hashable {
    /// Seconds to wait for one request.
    var timeout: Double = 10
    /// Further attempts after a timeout, 5xx or 429.
    var retries: Int = 2
    /// Requests in flight at once to one host.
    var perHost: Int = 2
    /// Requests in flight at once in all.
    var concurrency: Int = 16
    /// Status codes that count as working, besides 2xx.
    var accept: [Int] = []
    /// Addresses never checked: a substring or a `*` wildcard pattern each.
    var exclude: [String] = []
    /// How long a successful result is trusted, in hours.
    var cacheHours: Double = 24
    /// The most seconds a whole link check may take.
    var deadline: Double = 300
    /// Seconds before the first retry; each further retry waits twice as long.
    var backoff: Double = 1
    /// The longest `Retry-After` a server may ask for, in seconds.
    var retryAfterMax: Double = 30

    init() {}

    mutating func read(_ node: Node, into yaml: inout YAMLReader) {
        guard let entries = yaml.mapping(node, what: "links") else { return }
        let known = ["timeout", "retries", "per-host", "concurrency", "accept", "exclude", "cache-hours", "deadline",
                     "backoff", "retry-after-max"]
        for (key, keyNode, value) in entries {
            switch key {
            case "timeout": timeout = yaml.double(value, what: "links.timeout", range: 0.1...300) ?? timeout
            case "retries": retries = yaml.integer(value, what: "links.retries", range: 0...10) ?? retries
            case "per-host": perHost = yaml.integer(value, what: "links.per-host", range: 1...64) ?? perHost
            case "concurrency": concurrency = yaml.integer(value, what: "links.concurrency", range: 1...256) ?? concurrency
            case "cache-hours": cacheHours = yaml.double(value, what: "links.cache-hours", range: 0...8760) ?? cacheHours
            case "deadline": deadline = yaml.double(value, what: "links.deadline", range: 1...7200) ?? deadline
            case "backoff": backoff = yaml.double(value, what: "links.backoff", range: 0...60) ?? backoff
            case "retry-after-max":
                retryAfterMax = yaml.double(value, what: "links.retry-after-max", range: 0...600) ?? retryAfterMax
            case "accept":
                accept = (yaml.strings(value, what: "links.accept") ?? []).compactMap { text, node in
                    guard let code = Int(text), (100...599).contains(code) else {
                        yaml.error("links.accept takes HTTP status codes such as 403, not '\(text)'", at: node)
                        return nil
                    }
                    return code
                }
            case "exclude":
                exclude = (yaml.strings(value, what: "links.exclude") ?? []).map(\.0)
            default:
                yaml.unknownKey(key, at: keyNode, known: known, in: "links")
            }
        }
    }
}
