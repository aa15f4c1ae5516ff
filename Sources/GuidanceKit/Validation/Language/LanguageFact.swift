/// What decided whether a language rule's match is a finding: the fact about
/// the sentence the match was judged on. A finding carries it as data
/// (`Finding.languageFact`, `languageFact` in the JSON report), and
/// `lint-language --explain` prints it for findings and near-misses (a match
/// that one of the facts excused).
package enum LanguageFact: String, Sendable, Hashable, CaseIterable {
    // Why a match is a finding.
    case anySubject = "any-subject"
    case childSubject = "child-subject"
    case childNotAmongPeers = "child-not-among-peers"
    case notAmongPeers = "not-among-peers"
    case childWithOlderPerson = "child-with-older-person"
    // Why a match is not one.
    case mention
    case quotedMention = "quoted-mention"
    case reportedAndCorrected = "reported-and-corrected"
    case quotedAndSetAside = "quoted-and-set-aside"
    case rejected
    case claimRejected = "claim-rejected"
    case programmeName = "programme-name"
    case adultSubject = "adult-subject"
    case adultChoice = "adult-choice"
    case peers
    case partnerIsAChild = "partner-is-a-child"
    case noOlderPerson = "no-older-person"
    case excusingPhrase = "excusing-phrase"
    case requiredPhraseMissing = "required-phrase-missing"

    /// Whether the fact makes a match a finding.
    package var flags: Bool {
        switch self {
        case .anySubject, .childSubject, .childNotAmongPeers, .notAmongPeers, .childWithOlderPerson: return true
        default: return false
        }
    }

    /// The fact in words, for `--explain`.
    package var explanation: String {
        switch self {
        case .anySubject: return "the wording harms whoever the sentence is about"
        case .childSubject: return "the subject is a child, or nothing shows the sentence is about adults only"
        case .childNotAmongPeers: return "the subject is a child and nothing shows the others are peers of the same age"
        case .notAmongPeers: return "nothing shows the children are peers of the same age"
        case .childWithOlderPerson: return "a child and an older person or adult are named"
        case .mention: return "the sentence forbids, corrects or explains the wording"
        case .quotedMention: return "the words are quoted in a sentence about wording ('the term', 'rather than')"
        case .reportedAndCorrected: return "the words are someone's own, quoted, and the record names the abuse rightly"
        case .quotedAndSetAside: return "the quoted words are set aside ('not ...')"
        case .rejected: return "the sentence says the framing is not so ('does not mean', 'not as', 'no evidence that')"
        case .claimRejected: return "someone's claim is reported and the record rejects it ('this is not accepted')"
        case .programmeName: return "the words name a programme or service ('the Streetwise road safety session')"
        case .adultSubject: return "the subject is an adult"
        case .adultChoice: return "an adult or a professional made the choice"
        case .peers: return "the children are peers of about the same age"
        case .partnerIsAChild: return "the partner named is a child"
        case .noOlderPerson: return "no older person or adult is named"
        case .excusingPhrase: return "the sentence has a phrase that excuses this rule (its unless: list)"
        case .requiredPhraseMissing: return "the sentence lacks a phrase this rule requires (its requires: list)"
        }
    }
}
