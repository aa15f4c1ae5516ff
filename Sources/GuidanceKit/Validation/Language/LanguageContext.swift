import Yams

/// What the language rules need to know about a sentence besides the words a
/// rule catches, read from the `context:` section of the lexicon
/// (`language-lexicon.yaml`; a rule file's own `context:` replaces its lists):
///
/// - `mentions`: phrases showing that the sentence talks about wording, to
///   forbid, correct or explain it ("must not be used", "should not call",
///   "has been replaced by"); a term in such a sentence is not a finding.
/// - `quoted-mentions`: weaker signs of the same ("the term", "words like",
///   "rather than") that count only when the caught words stand in quotation marks.
/// - `corrections`: words that name the abuse rightly ("exploited", "groomed").
///   Words in quotation marks in a sentence that reports someone's words ("she
///   said she 'chose' to go") and also has one of these are that person's,
///   corrected by the record: not a finding.
/// - `rejections`: phrases saying that what follows is not so ("does not mean",
///   "not as", "no evidence that"): caught words at most four words after one, in
///   the same clause, are named to reject them.
/// - `dismissals`: phrases by which the record rejects a claim reported before the
///   caught words ("this is not accepted", "the charge stands").
/// - `reporters`: the professionals who write or speak in a record ("SW",
///   "officer", "DSL"), never taken for the person the sentence is about.
/// - `adults`, `children`: words naming adults (mother, man, landlord) and
///   children (girl, pupil, daughter), to tell a sentence about adults only.
/// - `peers`: phrases showing children of the same age ("in her class", "same age").
/// - `older`: words showing that someone in the sentence is older or an adult
///   ("older", "man", "adult"), which rules out a sentence about peers.
///
/// Ages written in the sentence count as well ("a 16-year-old", "aged 24",
/// "(15)", "both 16", "in his thirties"); see `LanguageMatcher.ages`.
struct LanguageContext: Sendable, Hashable {
    var mentions: [String] = []
    var quotedMentions: [String] = []
    var corrections: [String] = []
    var rejections: [String] = []
    var dismissals: [String] = []
    var reporters: [String] = []
    var adults: [String] = []
    var children: [String] = []
    var peers: [String] = []
    var older: [String] = []

    init(mentions: [String] = [], quotedMentions: [String] = [], corrections: [String] = [], reporters: [String] = [],
                adults: [String] = [], children: [String] = [], peers: [String] = [], older: [String] = [],
                rejections: [String] = [], dismissals: [String] = []) {
        self.rejections = rejections
        self.dismissals = dismissals
        self.corrections = corrections
        self.reporters = reporters
        self.older = older
        self.mentions = mentions
        self.quotedMentions = quotedMentions
        self.adults = adults
        self.children = children
        self.peers = peers
    }

    /// The context shipped with the rules: the lexicon's.
    static var shipped: LanguageContext { LanguageLexicon.shipped.context }

    static let keys = ["mentions", "quoted-mentions", "corrections", "reporters", "adults", "children", "peers", "older", "rejections", "dismissals"]

    mutating func read(_ node: Node, sets: [String: [String]], into yaml: inout YAMLReader) {
        guard let entries = yaml.mapping(node, what: "context") else { return }
        for (key, keyNode, value) in entries {
            let phrases = LanguageRuleSet.expand((yaml.strings(value, what: "context.\(key)") ?? []).map(\.0), sets: sets,
                                                 at: value, into: &yaml)
            if !set(key, phrases) { yaml.unknownKey(key, at: keyNode, known: Self.keys, in: "context") }
        }
    }

    /// Sets the list named `key` (one of `keys`); false if there is no such list.
    mutating func set(_ key: String, _ phrases: [String]) -> Bool {
        switch key {
        case "mentions": mentions = phrases
        case "quoted-mentions": quotedMentions = phrases
        case "corrections": corrections = phrases
        case "reporters": reporters = phrases
        case "adults": adults = phrases
        case "children": children = phrases
        case "peers": peers = phrases
        case "older": older = phrases
        case "rejections": rejections = phrases
        case "dismissals": dismissals = phrases
        default: return false
        }
        return true
    }
}
