/// How much a finding matters. Errors stop a build; warnings fail only `--strict`.
package enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The rule ids of the design (docs/authoring-guide.md's "What each error means"). They are a contract: CI configurations and
/// people's muscle memory depend on them, so a case is never renamed.
package enum RuleID: String, Sendable, Hashable, CaseIterable, Codable {
    case frontMatter = "front-matter"
    case config
    case unknownAudience = "unknown-audience"
    case unbalancedAudience = "unbalanced-audience"
    case unknownContact = "unknown-contact"
    case invalidPhone = "invalid-phone"
    case phoneFormat = "phone-format"
    case retiredNumber = "retired-number"
    case unregisteredPhone = "unregistered-phone"
    case unregisteredEmail = "unregistered-email"
    case invalidEmail = "invalid-email"
    case staleContact = "stale-contact"
    case placeholderLink = "placeholder-link"
    case vagueLinkText = "vague-link-text"
    case unsafeLink = "unsafe-link"
    case insecureLink = "insecure-link"
    case brokenLink = "broken-link"
    case redirectedLink = "redirected-link"
    case unreachableLink = "unreachable-link"
    case language
    case pageOverflow = "page-overflow"
    /// A source file that cannot be read as text: not UTF-8, unreadable, not a
    /// regular file, or outside `Guidance/`. An addition to the design's table.
    case unreadableFile = "unreadable-file"
    /// A file in `Guidance/` that is no sheet, registry, configuration or
    /// template, and so is not built (e.g. `x.md.txt` saved by Notepad).
    case unknownFile = "unknown-file"
    /// A contact's phone, e-mail or address changed since the last publication
    /// but its `verified` date did not move.
    case changedContact = "changed-contact"
    /// A version's published text changed without a new `changes:` entry in
    /// its front matter (and no changed contact detail explains it).
    case missingChangeNote = "missing-change-note"
    /// A link to an address a reader elsewhere cannot follow (this machine, a
    /// private network, a `.local` name), or a redirect into one: never
    /// requested. An addition to the design's table (issue 23).
    case privateLink = "private-link"
    /// Raw HTML in a sheet (a `<p>` pasted from a web page), which is never
    /// published; comments are not content and are not reported.
    case rawHTML = "raw-html"
    /// A phone number whose `verified-by` names a document: it was compared
    /// with that document, not rung (a note: the office's to-do list).
    case contactNotRung = "contact-not-rung"
    /// A sheet's `next-review` date has passed (a warning in the 30 days before).
    case reviewDue = "review-due"
    /// A published version whose source is gone (or lost that audience)
    /// without a `withdrawn:` block: printed copies point at its address.
    case deletedSheet = "deleted-sheet"
    /// A file in the output folder that does not match what the last build
    /// recorded of it in `manifest.json` (changed by hand, copied over,
    /// damaged, missing): `check` reports it, `build` rewrites it.
    case outputChanged = "output-changed"
    /// `manifest.json` contradicts itself, the feed or the published pages
    /// (an edition changed by hand): nothing is built from it.
    case manifestConflict = "manifest-conflict"
    /// A sheet names a local authority area of England that is not the
    /// partnership's own: words left in from another partnership's sheets.
    case otherArea = "other-area"
    /// A local contact in `contacts.yaml` still marked `fill-in:` (as
    /// `guidance init` writes them): a warning there, an error where a sheet
    /// prints it.
    case fillInContact = "fill-in-contact"
    /// A template names a file the build does not publish (an `<img
    /// src="logo.png">`): every page would show it broken (issue 27).
    case unpublishedAsset = "unpublished-asset"
    /// A line `guidance new` wrote in place of the guidance is still in a
    /// sheet ("The first thing to do."): it would be printed.
    case skeletonText = "skeleton-text"
}

/// One thing a rule found: data only. Rules never print; reporters do.
package struct Finding: Hashable, Sendable, Error, Codable {
    package var location: SourceLocation
    package var severity: Severity
    package var rule: RuleID
    package var message: String
    /// The fix to apply, where there is one: the correctly written number, the word to use instead.
    package var suggestion: String?
    /// For a `language` finding, the rule of the language rule set that
    /// matched (`language.consented`), so tools can count and silence rules
    /// without reading the message.
    package var languageRule: String?
    /// For a `language` finding, the fact about the sentence that decided it
    /// (`child-subject`, `adult-subject`: `LanguageFact`), for tools and for
    /// `lint-language --explain`.
    package var languageFact: String?

    package init(_ severity: Severity, _ rule: RuleID, at location: SourceLocation,
                _ message: String, suggestion: String? = nil, languageRule: String? = nil, languageFact: String? = nil) {
        self.location = location
        self.severity = severity
        self.rule = rule
        self.message = message
        self.suggestion = suggestion
        self.languageRule = languageRule
        self.languageFact = languageFact
    }

    package static func error(_ rule: RuleID, at location: SourceLocation, _ message: String,
                             suggestion: String? = nil) -> Finding {
        Finding(.error, rule, at: location, message, suggestion: suggestion)
    }

    package static func warning(_ rule: RuleID, at location: SourceLocation, _ message: String,
                               suggestion: String? = nil) -> Finding {
        Finding(.warning, rule, at: location, message, suggestion: suggestion)
    }
}

extension Array where Element == Finding {
    /// Findings in the order a person fixes them: by file, line, column, then severity.
    package func sortedForReport() -> [Finding] {
        sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            if $0.severity != $1.severity { return $0.severity < $1.severity }
            if $0.rule != $1.rule { return $0.rule.rawValue < $1.rule.rawValue }
            return $0.message < $1.message
        }
    }

    package var hasErrors: Bool { contains { $0.severity == .error } }
    package func count(_ severity: Severity) -> Int { filter { $0.severity == severity }.count }
}
