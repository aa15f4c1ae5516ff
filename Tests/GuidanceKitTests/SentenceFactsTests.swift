import Testing
@testable import GuidanceKit

/// What a sentence shows beyond the caught words (docs/language.md, "Context"),
/// one row a sentence: the words a rule of each subject catches and the fact
/// that decides whether they are a finding.
@Suite struct SentenceFactsTests {
    /// The fact a rule for `subject` catching `pattern` is judged by in `text`.
    static func fact(_ text: String, _ pattern: String, _ subject: LanguageSubject) -> String? {
        let rule = LanguageRule(id: "probe", patterns: [pattern], message: "probe", subject: subject)
        return LanguageMatcher(rules: [rule]).matches(in: text, nearMisses: true).first?.fact.rawValue
    }

    @Test(arguments: [
        // Adults only: the first person named is an adult, and nobody else is the subject.
        ("The mother said she chose to leave the house.", "chose", "adult-subject"),
        ("Mum and her partner chose to move to the flat.", "chose", "adult-subject"),
        ("The 19-year-old mother chose to leave.", "chose", "adult-subject"),
        ("Mr and Mrs Begum have chosen to home educate Ishaan, 10.", "chosen", "adult-subject"),
        ("Mum has chosen to end her relationship with Mr Harris.", "chosen", "adult-subject"),
        ("Mother had been drinking before the visit.", "drinking", "adult-subject"),
        ("Mum described herself as streetwise.", "streetwise", "adult-subject"),
        ("The girl's father chose to leave.", "chose", "adult-subject"),
        ("The landlord said the tenant chose to leave.", "chose", "adult-subject"),
        ("Dad's partner, 42, said she chose to stay.", "chose", "adult-subject"),
        // Someone else is the subject, or nothing shows adults only.
        ("She chose to go back to the house.", "chose", "child-subject"),
        ("Dad stated that she was exchanging sex for drugs.", "exchanging", "child-subject"),
        ("The SW recorded that she chose to go to the flat.", "chose", "child-subject"),
        ("Officer at scene said she chose to stay.", "chose", "child-subject"),
        ("Mum said Kofi works for the men.", "works", "child-subject"),
        ("Mum told the SW she is worried Roxanne has gone to the flat.", "gone", "child-subject"),
        ("He said she agreed to meet them.", "agreed", "child-subject"),
        ("Teacher's note: Ruby brought it on herself.", "brought it on herself", "child-subject"),
        ("The sexual contact with the 22-year-old was her choice.", "choice", "child-subject"),
        ("Neighbours saw punters at the flat where Kayla, 15, stays.", "stays", "child-subject"),
        // Today an age alone right before the words is not read as their subject: the
        // issue names this sentence a false alarm; it stays one until a rule change.
        ("The 34-year-old chose to download the images.", "chose", "child-subject"),
        // An adult or a professional made the choice, whoever else is named.
        ("She said her dad has agreed to take her home.", "agreed", "adult-choice"),
        ("Staff chose to move the drop-in.", "chose", "adult-choice"),
    ])
    func subject(_ text: String, _ pattern: String, _ expected: String) {
        #expect(Self.fact(text, pattern, .child) == expected, "\(text)")
    }

    @Test(arguments: [
        // Peers: two ages under 18 at most two years apart, or a phrase, and nobody older.
        ("A 16-year-old is sexually active with a 16-year-old.", "sexually active", "child-not-peer", "peers"),
        ("Both 15, they were in a relationship.", "relationship", "child-not-peer", "peers"),
        ("She (14) was kissing a boy (14).", "kissing", "child-not-peer", "peers"),
        ("She is in a relationship with a boy in her class.", "relationship", "child-not-peer", "peers"),
        ("She is 15 and her boyfriend is a year older.", "boyfriend", "child-not-peer", "peers"),
        ("Two 14-year-old friends sent images.", "sent images", "child-not-peer", "peers"),
        ("The 14-year-old only kissed the 15-year-old.", "only kissed", "not-peer", "peers"),
        ("A 16-year-old and a 19-year-old were in a relationship.", "relationship", "child-not-peer", "child-not-among-peers"),
        ("She is in a relationship with a man in her class.", "relationship", "child-not-peer", "child-not-among-peers"),
        ("She is 13 and he is 17.", "she", "child-not-peer", "child-not-among-peers"),
        ("The man only kissed her.", "only kissed", "not-peer", "not-among-peers"),
        // An adult named: relationship words only with someone older.
        ("Her boyfriend picks her up from school.", "boyfriend", "child-with-adult", "no-older-person"),
        ("Her 22-year-old boyfriend picks her up.", "boyfriend", "child-with-adult", "child-with-older-person"),
        ("Amelia's boyfriend is 15 and works for an older man.", "boyfriend", "child-with-adult", "partner-is-a-child"),
        ("Her boyfriend, a boy in her class, is older than her.", "boyfriend", "child-with-adult", "peers"),
        ("Mum's boyfriend, 42, stays at the house.", "boyfriend", "child-with-adult", "adult-subject"),
        // Mention: the sentence forbids, corrects, explains or sets aside the wording.
        ("The term 'child prostitute' must not be used.", "child prostitute", "any", "mention"),
        ("Staff should not call children drug runners.", "drug runners", "any", "mention"),
        ("She said she 'chose' to go, but she was groomed.", "chose", "child", "reported-and-corrected"),
        ("We use 'exploited' rather than 'chose'.", "chose", "child", "quoted-mention"),
        ("It was sexual harassment, not 'banter'.", "banter", "any", "quoted-and-set-aside"),
        ("Police called her a 'child prostitute'.", "child prostitute", "any", "any-subject"),
    ])
    func peersAndMentions(_ text: String, _ pattern: String, _ subject: String, _ expected: String) throws {
        let subject = try #require(LanguageSubject(rawValue: subject))
        #expect(Self.fact(text, pattern, subject) == expected, "\(text)")
    }
}
