import Foundation
import Testing
@testable import GuidanceKit

/// The appropriate-language rules: precision and recall on a labelled set of
/// case-record sentences, the allow marker, overrides, and positions.
@Suite struct LanguageTests {
    static let folder = Support.fixtures.appendingPathComponent("language")
    /// Compiled once for the whole suite: each test and each argument gets a
    /// fresh suite value, and compiling every rule's patterns again for each
    /// was most of this suite's time.
    static let shippedLinter = LanguageLinter(rules: LanguageRuleSet.shipped)
    var linter: LanguageLinter { Self.shippedLinter }

    /// Each sentence gives no finding; a failure names the sentence at the caller's line.
    func expectClean(_ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for text in texts { #expect(linter.lint(text: text, file: "s").isEmpty, "\(text)", sourceLocation: sourceLocation) }
    }

    /// Each sentence gives at least one finding; a failure names the sentence at the caller's line.
    func expectFlagged(_ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for text in texts { #expect(!linter.lint(text: text, file: "s").isEmpty, "\(text)", sourceLocation: sourceLocation) }
    }

    static func labelled() throws -> [(flag: Bool, sentence: String)] {
        let text = try String(contentsOf: folder.appendingPathComponent("labelled-sentences.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (parts[0] == "1", String(parts[1]))
        }
    }

    @Test func recallAndFalsePositiveRateOnTheLabelledSet() throws {
        let set = try Self.labelled()
        let positives = set.filter(\.flag), negatives = set.filter { !$0.flag }
        #expect(set.count >= 60 && positives.count >= 30 && negatives.count >= 30)
        let missed = positives.filter { linter.lint(text: $0.sentence, file: "s").isEmpty }.map(\.sentence)
        let falseAlarms = negatives.filter { !linter.lint(text: $0.sentence, file: "s").isEmpty }.map(\.sentence)
        let recall = Double(positives.count - missed.count) / Double(positives.count)
        let falsePositiveRate = Double(falseAlarms.count) / Double(negatives.count)
        print("missed: \(missed); false alarms: \(falseAlarms)")
        print("language rules: recall \(recall) (\(positives.count - missed.count)/\(positives.count)), "
              + "false-positive rate \(falsePositiveRate) (\(falseAlarms.count)/\(negatives.count))")
        #expect(recall >= 0.9, "missed: \(missed)")
        #expect(falsePositiveRate <= 0.05, "false alarms: \(falseAlarms)")
    }

    @Test func theShippedRuleFileIsValidAndCoversTheReferenceTerms() throws {
        let ids = LanguageRuleSet.shipped.map(\.id)
        #expect(Set(ids).count == ids.count, "rule ids are unique")
        for id in ["child-prostitute", "child-pornography", "sexting", "putting-themselves-at-risk", "consented",
                   "in-return-for-sex", "involved-in-exploitation", "lifestyle-choice"] {
            #expect(ids.contains(id))
        }
        // Entries whose source was not retrieved are warnings at most.
        for id in ["promiscuous", "engaging-in", "revenge-porn"] {
            #expect(LanguageRuleSet.shipped.first { $0.id == id }?.severity == .warning)
        }
    }

    @Test func wordFormsSpellingsAndLineBreaks() {
        let cases = ["It was CONSENSUAL.", "child\nporn was found", "Her risk-taking behavior worried staff.",
                     "placing\n  himself at risk", "- She said she consented to sex with him."]
        for text in cases {
            #expect(!linter.lint(text: text, file: "s").isEmpty, "\(text)")
        }
        #expect(linter.lint(text: "consentedly consensualism pornographer", file: "s").isEmpty, "whole words only")
    }

    /// Whom the words are about, read from the sentence: who is named first,
    /// who is the subject, what is an age and what is not.
    @Test func theSubjectAndTheAgesAreReadFromTheSentence() {
        let flagged = [
            "The 32-year-old teacher had an inappropriate relationship with a Year 10 pupil.",  // the child after "with"
            "Mum said Kofi works for a gang who pays him to hold drugs.",                       // Kofi, not Mum
            "Child C, aged 15, stays at her partner's flat; he is 24.",                          // one sentence across ';'
            "Mia reported that the men had been offering her drugs in return for sex.",          // Mia is named first
            "Mum said she is aware that Priya sees her sugar daddy most weekends.",               // Priya, not Mum
            "The man only kissed and touched her over her clothes.",                               // not-peer: whoever starts it
            "The couple, a 15-year-old girl and a 26-year-old man, were stopped by officers.",    // a child and an adult
            "Reported to be in a relationship with a 25yo from Burnt Oak.",                        // "25yo" is an age
            "Agreed to meet the 40 y/o he had been chatting with online.",                         // "40 y/o" too
            "Teacher's note: Ruby brought it on herself by sending the first image.",              // the writer is not the subject
            // A record entry quoted whole: "words of advice" inside it is the record's, not a comment on it.
            "The police log records \"Female, approx 14, seen getting into a punter's car; words of advice given.\"",
            "Dad stated that he found messages suggesting she was exchanging sex for cannabis with men.",  // "she" is not Dad
            "The man said she was up for it.",                                                      // nor the man
            "Mum says Kayla (13) has a new bf, she thinks hes about 20.",                            // "about 20" is an age
            "The SW recorded that she keeps going back to the flat despite all advice.",            // the SW only writes
            "Neighbours describe the 52-year-old as Ellie's sugar daddy, buying her phones.",        // Ellie's, not theirs
            "Caretaker said the 15-year-old lets the men in and it's up to her what she does.",      // the caretaker only speaks
            "Mum told the SW she is worried Roxanne has gone on the game.",                         // Roxanne, not Mum
            "Older males are thought to be paying Tia (14) in weed for sex.",                        // Tia is who is paid
            "DS Ward summarised the suspect's account that he and Hannah, then 14, had been having an affair.",
            "Older sister Jade (19) told the worker the punters Mia meets are mostly men.",          // Mia's, not Jade's
            "Mum said her son had been drinking before the men assaulted him.",                      // a son is a child
            "The police referral describes the male (31) as her older sexual partner.",             // "her" is not the man
            "Aaron was groomed by the line holders but got himself into debt with them.",           // "groomed" elsewhere
            "A&E triage: 17 y/o female attended with partner (M, 31), who answered for her.",       // "(M, 31)" is an age
            "He was dealing. Well, nobody stopped him.",                    // "dealing !well" looks only within its sentence
            "The log describes the 19-year-old male as Chloe's partner; Chloe is thirteen.",       // Chloe's age, not his
            "According to Nadia (15), he is her first love and at 27 he has been a good influence.",  // "at 27 he" is an age
            "Because he was 17 and above the age of consent, the contact with the 40-year-old was recorded as consensual.",
        ]
        expectFlagged(flagged)
        let clean = [
            "Mother had been drinking heavily at the party and could not supervise the children.",  // the adult drank
            "Dad said he made the choice to stop drinking before the child protection conference.",
            "The girls' father said he chose to leave the family home after the party.",             // the father
            "There could be 15 men involved and the 22-year-old partner has a car.",                 // 15 is not an age
            "Jade (15) said her boyfriend, who is a year older and in her tutor group, is kind.",      // a peer
            "Freya and her boyfriend, both aged 16, told the nurse they had decided to wait before having sex.",
            "Only kissing was reported between the two Year 9 pupils, both aged 14.",              // not-peer: peers
            "The couple, both in their 30s, have a consensual relationship.",                      // adults only
            "She consented to officers downloading her phone to identify the adults.",             // consent to a service
            "Mr Okafor consented to his phone being downloaded by police to find the men targeting his son.",  // Mr Okafor
            "Two 14-year-old friends chose to walk home together after the school disco.",        // two ages: peers
            "Mr and Mrs Begum have chosen to home educate Ishaan, 10.",                            // the parents chose
            "Her mother's ex was convicted in 2019 for supplying class A and has no contact with the children.",
            "The SW recorded that Mum has chosen to end her relationship with Mr Harris, and that Charlie, 6, is settled.",
            "Mother explained that she met father when she was 26 and he was 29, and described it as mutual.",  // "he" is father
            "The DSL recorded the incident as sexual harassment between pupils, not 'banter'.",    // a quoted term set aside
            "The IRO asked why the plan said Tom was 'choosing to go missing' and asked for it to be reworded.",
            "Mum described herself as streetwise growing up and said she wants more for her children.",  // herself: Mum's own
            "Pharmacist noted the 19-year-old mother and her 21-year-old boyfriend collected the baby's prescription.",
            "Ibrahim (15) and his girlfriend (14) go to the same club and the youth worker has no worries.",  // peers by age
            "Noah said he wanted to go back to football and his dad has agreed to take him on Sundays.",  // Dad agreed
            "The shift manager is dating one of the adult delivery drivers and HR has been told.",  // adults only
            "Care leaver Shanice is 19 and in a relationship with a 21yr old from uni.",            // Shanice's age
            "Mum disclosed that before Kyla was born she had worked as a sex worker for several years.",  // Mum's past
            "Mr P and his partner, both in their forties, live at the address with the two children.",
            "Police incident log: domestic at Pinner Road, female (28) states her boyfriend (30) threw a mug at her.",
            "Mum said her older son Marcus (20) had been drinking before the incident at the party.",  // an adult son
            "Mum told the receptionist that her older sister sold sex years ago.",                  // Mum's sister
            "Stepmum Chantal described her own past, including selling sex at 20.",                 // her own
            "Mum's ex-partner was a known drug dealer; he has no contact with the children.",        // what he was
            "Two Year 11 pupils, both 16, exchanged nude images; no adult was involved.",             // peers; "no adult"
            "Jordan (15) was upset in tutor time after his girlfriend, in Year 10 with him, ended things.",
            "The Year 13 student (17) is going out with a classmate who turned 18 in June.",        // 17 and 18: peers
            "Jo is 15 and has been seeing Sam, who is nearly 18.",                                  // "nearly 18" is 17
            "Amelia's boyfriend is 15 and goes to the same youth club; the youth worker saw nothing of concern.",
            "He went back to his foster placement of his own accord after a night at his nan's.",  // his placement
            "Mum and her partner have been together since they were at college and married in 2015.",  // one subject
            "Sienna, 14, told her form tutor she has started going out with a boy in her year.",     // a peer
            "Reuben has been criminally exploited and was forced to plug drugs on a train to Ipswich.",
            "Two adults aged 25 and 27 were found in a car park; words of advice given.",            // adults only
            "Both young people are 16 and the relationship appears mutual.",                        // "are 16": two of 16
            "Dad's partner, 42, said she agreed to him moving into her flat in March.",              // "she" is the partner
            "The 15yo reported that men come to the house at night to pay her mother for sex.",      // her mother is paid
            "Maternal aunt previously worked as an adult content creator; no concerns about the children.",
            "The 14-year-old was groomed online by a 32-year-old man who then arranged to meet her.",  // the man arranged
            "The strategy meeting agreed that Kezia is a victim of CSE and that the man she calls her \"boyfriend\" is a suspect.",
            // The child's own words, quoted in a report and then named rightly by the record.
            "Aaliyah said she 'chose' to go to the flat, but she is 14 and was groomed by the men there.",
            "Several records refer to the abuse as \"historic\"; the partnership now uses \"non-recent\".",
        ]
        expectClean(clean)
    }

    @Test func positionsPointAtTheWordsOnTheirLine() {
        let text = "First line is fine.\nSecond line: the contact\nwas consensual, staff said.\n"
        let findings = linter.lint(text: text, file: "record.txt")
        #expect(findings.map(\.location) == [SourceLocation(file: "record.txt", line: 3, column: 5)])
        #expect(findings.first?.message.hasPrefix("'consensual': children cannot consent") == true)
        #expect(findings.first?.suggestion == "say what happened and who did it")
    }

    @Test func markdownHeadingsListsLinksAndContactNames() throws {
        let registry = Support.registry.replacingOccurrences(of: "name: LADO", with: "name: Child prostitution unit")
        let body = """
            ## When sexting happens

            - A child was *putting herself* at risk.
            - See [the child porn guidance](https://example.org/x).
            - Ring {{lado.name}}.
            - Code is left alone: `consensual`
            """
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)], registry: registry)
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let language = pipeline.findings.filter { $0.rule == .language }
        #expect(language.map(\.location.line) == [8, 10, 11, 12])
        #expect(language.first?.location.column == 9, "sexting in the heading")
        #expect(language[2].location.column == 12, "link text")
        #expect(language[3].location.column == 8, "the contact's name, at its placeholder")
    }

    @Test func allowMarkersSilenceAPassageOrABlockAndNeverReachTheOutput() async throws {
        let body = """
            <!-- language: allow -->
            Don't write "child prostitute".

            Don't write "consensual".
            <!-- /language -->

            Never say "sexting". <!-- language: allow -->

            But this sexting is caught.
            """
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)])
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let language = pipeline.findings.filter { $0.rule == .language }
        #expect(language.map(\.location.line) == [16])
        let (_, files) = try await Support.renderedDespiteErrors(root: root, asOf: Day(iso: "2026-11-15")!)
        #expect(files.keys.contains("index.html"))
        for (path, data) in files {
            #expect(!String(decoding: data, as: UTF8.self).contains("language: allow"), "\(path)")
        }
        // The same markers work in plain-text records.
        let text = "<!-- language: allow -->\nchild prostitute\n<!-- /language -->\nsexting <!-- language: allow -->\nsexting\n"
        #expect(linter.lint(text: text, file: "r.txt").map(\.location.line) == [5])
    }

    @Test func partnershipOverridesSwitchOffRetuneAndAdd() throws {
        var settings = LanguageSettings()
        settings.off = ["sexting"]
        settings.severity = ["consented": .warning]
        settings.add = [LanguageRule(id: "local-term", patterns: ["party house*"], message: "a place of exploitation, not a party")]
        let (rules, findings) = LanguageRuleSet.effective(settings)
        #expect(findings.isEmpty)
        let linter = LanguageLinter(rules: rules)
        let found = linter.lint(text: "Sexting. It was consensual. She was at the party house.", file: "r")
        #expect(found.map(\.severity) == [.warning, .error])
        #expect(found.last?.message.contains("local-term") == true)

        settings.off = ["sextin"]
        let (_, unknown) = LanguageRuleSet.effective(settings)
        #expect(unknown.first?.message.contains("did you mean 'sexting'?") == true)

        let config = """
            partnership: P
            audiences:
              schools: S
            language:
              off: [sexting]
              severity:
                consented: warning
              add:
                - id: local-term
                  patterns: [party house*]
                  message: a place of exploitation, not a party
                  alternatives: [the address where the child was exploited]
            """
        let (parsed, configFindings) = Configuration.read(config)
        #expect(configFindings.isEmpty)
        #expect(parsed?.language.add.first?.alternatives == ["the address where the child was exploited"])
        #expect(parsed?.language.locations["sexting"]?.line == 5)

        // An optional word left unclosed would never match: refused, with the line.
        let broken = """
            partnership: P
            audiences:
              schools: S
            language:
              add:
                - id: local-older
                  patterns: ["looks [much|far a lot] older than"]
                  message: blames the child's looks
            """
        let (_, brokenFindings) = Configuration.read(broken)
        #expect(brokenFindings.contains { $0.severity == .error && $0.message.contains("unclosed optional word '[much|far'") })
    }

    /// Text is split into words at hyphens and slashes, so a pattern word
    /// written with one matches the words it is made of, hyphenated or not,
    /// beside the other alternatives of its slot.
    @Test func patternWordsWithHyphensMatchTheWordsTheyAreMadeOf() {
        let rule = LanguageRule(id: "local-minimising", patterns: ["treated as low-level|minor", "[self-taken] y/o pictures"],
                                message: "minimises the abuse")
        let linter = LanguageLinter(rules: [rule])
        for text in ["It was treated as low-level.", "It was treated as low level.", "It was treated as minor.",
                     "Self-taken y/o pictures.", "The y/o pictures."] {
            #expect(linter.lint(text: text, file: "r").count == 1, "\(text)")
        }
        for text in ["It was treated as low.", "It was treated as level.", "It was treated as low-key."] {
            #expect(linter.lint(text: text, file: "r").isEmpty, "\(text)")
        }
        // `!a|b` first: not right after these (two words back); later: not followed by these.
        let negated = LanguageLinter(rules: [LanguageRule(id: "local-negated", patterns: ["!mum's|own boyfriend", "dealing !with|well"],
                                                          message: "frames it")])
        for text in ["Her boyfriend is 30.", "She is dealing.", "She was dealing drugs.", "Mum said her boyfriend is 30."] {
            #expect(negated.lint(text: text, file: "r").count == 1, "\(text)")
        }
        for text in ["Mum's boyfriend is 30.", "Mum's new boyfriend is 30.", "Her own boyfriend is 30.",
                     "She is dealing with it.", "She is dealing well."] {
            #expect(negated.lint(text: text, file: "r").isEmpty, "\(text)")
        }
        // The shipped rules' hyphenated words work the same way.
        #expect(!self.linter.lint(text: "Imogen (Year 8) sent self-generated images to an adult she met online.", file: "r").isEmpty)
    }

    /// The fact that decided each match, finding or near-miss, is carried as data.
    @Test(arguments: [
        ("She consented to sending the images.", "consented", "child-not-among-peers"),
        ("The mother said she chose to leave the house where he abused her.", "chose-to", "adult-subject"),
        ("The term 'child prostitute' must not be used.", "child-prostitute", "mention"),
        ("A 16-year-old is sexually active with a 16-year-old.", "sexually-active", "peers"),
    ])
    func theDecidingFactIsData(_ text: String, _ rule: String, _ fact: String) {
        var linter = LanguageLinter(rules: LanguageRuleSet.shipped)
        linter.explaining = true
        let found = linter.lint(text: text, file: "s").filter { $0.languageRule == "language.\(rule)" }
        #expect(!found.isEmpty && found.allSatisfy { $0.languageFact == fact }, "\(found.map { ($0.severity, $0.message) })")
        // The facts for everything the set records: the JSON schema names each.
        #expect(LanguageFact(rawValue: fact) != nil)
    }

    @Test func theSchemaNamesEveryFact() throws {
        let schema = try String(contentsOf: Support.packageRoot.appendingPathComponent("docs/report.schema.json"), encoding: .utf8)
        for fact in LanguageFact.allCases { #expect(schema.contains("\"\(fact.rawValue)\""), "\(fact.rawValue)") }
    }

    /// `--explain` says why each sentence with a finding or a near-miss was or was not
    /// flagged: the rule, the pattern and the fact that decided.
    @Test func explainSaysWhyASentenceWasOrWasNotFlagged() throws {
        let empty = try Support.temporaryFolder()
        let flagged = "She consented to sending the images.\n"
        let adult = "The mother said she chose to leave the house where he abused her.\n"
        let run = try Support.guidance(["lint-language", "--explain", "-"], in: empty, stdin: flagged + adult)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("<stdin>:1:5: error: 'consented'"), "\(run.stdout)")
        #expect(run.stdout.contains("<stdin>:1:5: note: flagged: language rule consented matched 'consented' with the pattern \""),
                "\(run.stdout)")
        #expect(run.stdout.contains("[child-not-among-peers]"), "\(run.stdout)")
        #expect(run.stdout.contains("<stdin>:2:21: note: not flagged: language rule chose-to matched 'chose to' with the pattern \""),
                "\(run.stdout)")
        #expect(run.stdout.contains("the subject is an adult [adult-subject]"), "\(run.stdout)")
        // A near-miss alone is not a finding: the exit status says nothing was found.
        let near = try Support.guidance(["lint-language", "--explain", "-"], in: empty, stdin: adult)
        #expect(near.status == 0 && near.stdout.contains("not flagged"), "\(near.stdout)")
        // Without --explain, no note.
        let plain = try Support.guidance(["lint-language", "-"], in: empty, stdin: flagged + adult)
        #expect(!plain.stdout.contains("note:"), "\(plain.stdout)")
    }

    @Test func lintLanguageCommandOnASampleRecord() throws {
        let sample = Self.folder.appendingPathComponent("sample-record.txt").path
        let empty = try Support.temporaryFolder()
        let run = try Support.guidance(["lint-language", sample], in: empty)
        #expect(run.status == 1)
        #expect(run.stdout.contains("sample-record.txt:4:44: error: 'consented'"))
        #expect(!run.stdout.contains("prostitution"), "the allowed quotation")
        #expect(!run.stdout.contains("mother consented"))
        let json = try Support.guidance(["lint-language", "--format", "json", "-"], in: empty,
                                        stdin: "Fine text.\nShe was sexting.\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1 && findings.first?["file"] as? String == "<stdin>" && findings.first?["line"] as? Int == 2)
        let clean = try Support.guidance(["lint-language", "-"], in: empty, stdin: "Children cannot consent to abuse.\n")
        #expect(clean.status == 0)
        let github = try Support.guidance(["lint-language", "--format", "github", sample], in: empty)
        #expect(github.stdout.contains("::error file="))
    }

    /// A sentence that says the framing is wrong, not the case, or not what
    /// happened ("does not mean she consented", "not as horseplay", "no evidence
    /// that he is a gang member") does not use it; the negation must govern the
    /// caught words, so a "not" elsewhere in the sentence excuses nothing.
    @Test func aFramingNamedToRejectItIsNotAFinding() {
        let clean = [
            "Replying to his messages does not mean she consented to any of it.",
            "The school has recorded this as a sexual assault on the boy, not as horseplay.",
            "Police found no evidence that the boy is a gang member.",
            "We record this as non-consensual sharing of an image of a child.",
            "Remember that a 14-year-old is not in a \"relationship\" with a 25-year-old man.",
            "The chair said that \"attention seeking\" is not acceptable language; if a child is seeking attention, ask why.",
        ]
        expectClean(clean)
        let flagged = [
            "She chose to go back to him and did not tell anyone.",                    // "not" after the words
            "It does not mean much to her; she consented to what followed.",          // another clause
            "There is no evidence of threats, and he is a gang member now.",
            "Staff treated the incident as horseplay, not as abuse.",                  // "not as" after the words
            "She is not at school because she is a gang member now.",
            "She does not mean to cause trouble, but she keeps going back to the flat.",
            "Although not in school, she is in a relationship with a 25-year-old man.",
            "Staff were told it is not acceptable, but she was seeking attention again.",
        ]
        expectFlagged(flagged)
    }

    /// Someone's claim reported and rejected in the same sentence ("he told
    /// police she 'chose' to go; this is not accepted") is the record
    /// rejecting it; a rejection of something else, or before the claim, is not.
    @Test func aClaimReportedAndRejectedIsNotAFinding() {
        let clean = [
            "The man told police the girl \"chose\" to go with him; this is not accepted.",
            "The accused said she was a willing participant, but the court rejected this.",
            "The defendant said the girl agreed to meet him; the court disregarded this as she is 13.",
            "The child told police that she agreed to meet him; a child's agreement is irrelevant where she is groomed.",
        ]
        expectClean(clean)
        let flagged = [
            "She told police she chose to go with him; her request to move school was rejected.",
            "The accused said she was a willing participant.",
            "This is not accepted by her friends, but she chose to go with him.",
            "He was charged and the charge stands; she agreed to meet him again last week.",
            "The girl said she chose to go with him, and the head rejected her complaint about the group.",
            "The accused said she was a willing participant, and her school rejected her request for a move.",
        ]
        expectFlagged(flagged)
    }

    /// An adult followed by a clause about someone else ("the man she met
    /// online") is still the subject of the verb after it; a child who sent an
    /// image, to be treated as a victim, is named rightly.
    @Test func anAdultBeforeAClauseAboutTheChildIsStillTheSubject() {
        let clean = [
            "The man she met online chose to send her money and gifts.",
            "The man she met at the bus station chose to buy her a phone.",
            "If the child has sent an image of themselves, treat them as a victim first.",
        ]
        expectClean(clean)
        let flagged = [
            "The man she met online said she chose to go with him.",
            "Her uncle says she chose to stay at the flat.",
            "The girl he met online chose to send him images.",
            "The man she met said she sent an image of herself.",
        ]
        expectFlagged(flagged)
    }

    /// Other senses the sentence shows: a capitalised word after "the" that names
    /// a programme or service ("the Streetwise road safety session"), and a
    /// sentence saying nobody of that age can give consent.
    @Test func theNameOfAProgrammeAndNobodyCanConsentAreNotFindings() {
        let clean = [
            "The Streetwise road safety session for Year 7 has moved to the summer term.",
            "In law, nobody under 18 can give consent to an image of themselves being shared.",
            "No child under 13 can legally give consent to sexual activity.",
        ]
        expectClean(clean)
        let flagged = [
            "The streetwise girl refused the session.",                   // not a name
            "She is Streetwise and skipped the session.",                 // no article: not a name
            "Staff describe her as Streetwise in every session.",
            "Nobody thinks she gave consent to it.",                       // not "can give consent"
            "She gave consent, and nobody could stop her.",
        ]
        expectFlagged(flagged)
    }
}
