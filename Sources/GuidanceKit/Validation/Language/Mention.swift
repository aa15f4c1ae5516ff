extension LanguageMatcher {
    /// One thing a sentence's words tell about who is in it or how it speaks:
    /// a person named (an adult, a child, a name, a pronoun, a professional
    /// who writes), a word that refers back to someone (her, herself,
    /// Ellie's), or a sign about the sentence (it forbids wording, names the
    /// abuse rightly, names peers or someone older). The tagging pass
    /// (`tag`) gives them in the order of their words, once per sentence;
    /// the facts (`SentenceFacts`) are small functions over them.
    struct Mention: Hashable, Sendable, CustomStringConvertible {
        enum Kind: String, Hashable, Sendable {
            // Someone named: at most one of these a word.
            /// A word for an adult ("mother", "landlord", "Mr Okafor", "the shift manager"), or an age of 18 or more.
            case adult
            /// A word for a child ("girl", "Year 9 pupil"), or an age under 18 ("Kayla, 15").
            case child
            /// A sister or brother after "her", "his" or "their": a child, unless the
            /// pronoun is the adult named first's ("Mum told ... that her older sister ...").
            case sibling
            /// A capitalised name before a verb, of an age not given ("Mia reported", "Lily came back").
            case name
            /// "she", "he", "they".
            case pronoun
            /// A professional who writes or speaks ("the SW recorded", "Caretaker said"): never the subject.
            case reporter
            // Words that refer to someone.
            /// "her", "him", "them", "his", "hers".
            case objectPronoun
            /// "her", "his", "their" before what they own.
            case possessive
            /// "herself", "himself", "themselves".
            case reflexive
            /// A word for a child that names no child here ("no children", "the girl's father", "son Marcus (20)").
            case childWord
            /// "Ellie's": someone named, of an age not given, who owns what follows.
            case namedPossessive
            /// Someone named in a report, from the reporting word to the name
            /// ("said Kofi", "Roxanne has gone"): what follows is about them.
            case reportedName
            // Signs about the sentence.
            /// It forbids, corrects or explains wording (`context.mentions`).
            case wording
            /// A weaker sign of that, outside quotation marks (`context.quoted-mentions`).
            case quotedWording
            /// The abuse named rightly, outside quotation marks (`context.corrections`).
            case correction
            /// Someone's words reported or quoted ("said", "called").
            case report
            /// What follows is said not to be so ("does not mean", "not as"; `context.rejections`), over its words.
            case rejection
            /// The record rejects a claim reported before ("this is not accepted"; `context.dismissals`).
            case dismissal
            /// A capitalised word after "the" that names a programme or service ("the Streetwise road safety session").
            case programmeName
            /// Another clause begins at this word (after , ; : or a dash, or at "and", "but" ...).
            case clauseBreak
            /// Children of about the same age ("in her class", "a year older").
            case peerPhrase
            /// Someone older or adult ("older", "man", "teacher").
            case older
            /// "with": a relationship names its other party after it.
            case with
            /// A preposition: a person just after one is not the subject.
            case preposition
        }

        var kind: Kind
        /// The words (token indices) it stands for.
        var span: Range<Int>
        /// "f" or "m" where the word tells: an adult's, a pronoun's; for a
        /// sibling, the gender of the pronoun that owns them.
        var gender: Character? = nil
        /// The ages the word gives ("both 16": two).
        var ages: [Int] = []
        /// The word is a bare number ("42"), not a word for someone.
        var numeral = false

        init(_ kind: Kind, _ span: Range<Int>, gender: Character? = nil, ages: [Int] = [], numeral: Bool = false) {
            self.kind = kind
            self.span = span
            self.gender = gender
            self.ages = ages
            self.numeral = numeral
        }

        init(_ kind: Kind, at index: Int, gender: Character? = nil, ages: [Int] = [], numeral: Bool = false) {
            self.init(kind, index..<index + 1, gender: gender, ages: ages, numeral: numeral)
        }

        var index: Int { span.lowerBound }

        /// Someone named (not a word referring back, nor a professional writing).
        var isPerson: Bool { [.adult, .child, .sibling, .name, .pronoun].contains(kind) }

        var description: String {
            "\(kind.rawValue)@\(span.lowerBound)" + (span.count > 1 ? "..<\(span.upperBound)" : "")
                + (gender.map { " \($0)" } ?? "") + (ages.isEmpty ? "" : " \(ages)")
        }
    }

    /// The lexicon's lists, by name, read once: by the tagging pass and the facts.
    enum Words {
        static let lexicon = LanguageLexicon.shipped
        static let reportingVerbs = lexicon.words("reporting-verbs")
        static let quotingVerbs = lexicon.words("quoting-verbs")
        static let tellingVerbs = lexicon.words("telling-verbs")
        static let numberWords = lexicon.numbers
        static let decades = lexicon.words("decades")
        static let decadeLeads = lexicon.words("decade-leads")
        static let subjectPronouns = lexicon.words("subject-pronouns")
        static let objectPronouns = lexicon.words("object-pronouns")
        static let possessivePronouns = lexicon.words("possessive-pronouns")
        static let pronounGenders = lexicon.pronounGenders
        static let reflexives = lexicon.reflexives
        static let femaleWords = lexicon.words("female-words")
        static let maleWords = lexicon.words("male-words")
        static let spans = lexicon.words("spans")
        static let comparisons = lexicon.words("comparisons")
        static let groups = lexicon.words("groups")
        static let denials = lexicon.words("denials")
        static let negations = lexicon.words("negations")
        // Read by the sentence facts' functions (SentenceFacts, People).
        static let choiceVerbs = lexicon.words("choice-verbs")
        static let workWords = lexicon.words("work-words")
        static let describing = lexicon.words("describing")
        static let verbs = lexicon.words("verbs")
        static let helpingWords = lexicon.words("helping-words")
        static let partnerWords = lexicon.words("partner-words")
        static let partnerAbbreviations = lexicon.words("partner-abbreviations")
        static let partnerAgeLinks = lexicon.words("partner-age-links")
        static let ageLinks = lexicon.words("age-links")
        static let beForms = lexicon.words("be-forms")
        static let clauseLinks = lexicon.words("clause-links")
        static let setAside = lexicon.words("set-aside")
        static let units = lexicon.words("units")
        static let documents = lexicon.words("documents")
        static let olderAdjectives = lexicon.words("older-adjectives")
        static let personNouns = lexicon.words("person-nouns")
        static let titles = lexicon.words("titles")
        static let prepositions = lexicon.words("prepositions")
        static let siblings = lexicon.words("siblings")
        static let siblingDescribing = lexicon.words("sibling-describing")
        static let notNames = lexicon.words("not-names")
        static let timeClauses = lexicon.words("time-clauses")
        static let nameVerbs = lexicon.words("name-verbs")
        static let arrivalVerbs = lexicon.words("arrival-verbs")
        static let yearWords = lexicon.words("year-words")
        static let oldWords = lexicon.words("old-words")
        static let ageSuffixes = lexicon.words("age-suffixes")
        static let yearAbbreviations = lexicon.words("year-abbreviations")
        static let pairWords = lexicon.words("pair-words")
        static let spanLeads = lexicon.words("span-leads")
        static let guesses = lexicon.words("guesses")
        static let guessesBelow = lexicon.words("guesses-below")
        static let guessVerbs = lexicon.words("guess-verbs")
        static let sinceWords = lexicon.words("since-words")
        static let modals = lexicon.words("modals")
        static let beSubjects = lexicon.words("be-subjects")
        static let atSubjects = lexicon.words("at-subjects")
        static let sexMarks = lexicon.words("sex-marks")
        static let clauseBreaks = lexicon.words("clause-breaks")
        static let programmeWords = lexicon.words("programme-words")
        static let articles = lexicon.words("articles")

        static func gender(of word: String) -> Character? {
            femaleWords.contains(word) ? "f" : maleWords.contains(word) ? "m" : nil
        }
    }

    /// The tagging pass: what each word of `tokens[words]` tells, in the
    /// order of the words. Pure: it reads each word and its neighbours, never
    /// what an earlier word was read as.
    static func tag(_ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar], context: CompiledContext) -> [Mention] {
        let end = words.upperBound
        var tags: [Mention] = []
        func capitalized(_ index: Int) -> Bool { scalars[tokens[index].range.lowerBound].properties.isUppercase }
        for index in words {
            let word = tokens[index].word
            let quoted = tokens[index].quoted
            let next = index + 1 < end ? tokens[index + 1].word : nil
            let previous = index > words.lowerBound ? tokens[index - 1].word : nil
            if context.mentions.matches(tokens, at: index, end: end) { tags.append(Mention(.wording, at: index)) }
            // A sign outside the quotation marks: words inside a quoted record
            // ("words of advice given") are the record's, not a comment on it.
            if !quoted, context.quotedMentions.matches(tokens, at: index, end: end) { tags.append(Mention(.quotedWording, at: index)) }
            if Words.reportingVerbs.contains(word) || Words.quotingVerbs.contains(word) { tags.append(Mention(.report, at: index)) }
            if !quoted, context.corrections.matches(tokens, at: index, end: end) { tags.append(Mention(.correction, at: index)) }
            if !quoted, let length = context.rejections.longestMatch(tokens, at: index, end: end) {
                tags.append(Mention(.rejection, index..<index + length))
            }
            if !quoted, context.dismissals.matches(tokens, at: index, end: end) { tags.append(Mention(.dismissal, at: index)) }
            if index > words.lowerBound, Words.clauseBreaks.contains(word)
                || scalars[tokens[index - 1].range.upperBound..<tokens[index].range.lowerBound].contains(where: Self.breaksClause) {
                tags.append(Mention(.clauseBreak, at: index))
            }
            // "the Streetwise road safety session": a capitalised word after "the", a few words
            // before a word for a programme, is its name.
            if let previous, Words.articles.contains(previous), capitalized(index),
               (index + 1..<min(index + 4, end)).contains(where: { Words.programmeWords.contains(tokens[$0].word) }) {
                tags.append(Mention(.programmeName, at: index))
            }
            // "a year older", "two years older": about the same age, not an older person.
            let yearsApart = previous.map(Words.spans.contains) ?? false && Words.comparisons.contains(word)
            if context.peers.matches(tokens, at: index, end: end) || yearsApart { tags.append(Mention(.peerPhrase, at: index)) }
            // "her tutor group", "form tutor group": a class, not an older person.
            let isGroup = next.map(Words.groups.contains) ?? false
            // "Caretaker said ...", "Office manager logged ...": the writer, neither the
            // subject nor someone older in what is described. (Not "Mum said ...".)
            let reports = next.map { Words.reportingVerbs.contains($0) || Words.tellingVerbs.contains($0) } ?? false
            let olderWord = context.older.matches(tokens, at: index, end: end)
            let adultWord = context.adults.matches(tokens, at: index, end: end)
            let reporterWord = context.reporters.matches(tokens, at: index, end: end)
            let writer = reports && olderWord && !adultWord
            // Not "no adult was involved".
            let deniedOlder = previous.map(Words.negations.contains) ?? false
            if olderWord, !yearsApart, !isGroup, !writer, !deniedOlder { tags.append(Mention(.older, at: index)) }

            // Who the word names, if anyone.
            var kind: Mention.Kind?
            var gender: Character?
            // "the children's mother", "the girl's father": the person is the adult.
            // (The tokenizer keeps "child's" whole but drops the apostrophe of "girls'".)
            let after = tokens[index].range.upperBound
            let possessive = word.hasSuffix("'s") || (after < scalars.count && (scalars[after] == "'" || scalars[after] == "\u{2019}"))
            let ownerOfAdult = possessive && index + 1 < end && context.adults.matches(tokens, at: index + 1, end: end)
            let childWord = context.children.matches(tokens, at: index, end: end)
            // "Mum's sister", "her older sister": an adult's sibling is not a child. The pronoun's
            // owner is known only once the first person is (`SentenceFacts.People`).
            var owner = index - 1
            if Words.siblings.contains(word) {
                while owner > words.lowerBound, owner > index - 4, Words.siblingDescribing.contains(tokens[owner].word) { owner -= 1 }
            }
            let sibling = Words.siblings.contains(word) && !(owner >= words.lowerBound
                && tokens[owner].word.hasSuffix("'s") && context.adults.matches(tokens, at: owner, end: end))
            let ownerGender = sibling && owner >= words.lowerBound ? Words.pronounGenders[tokens[owner].word] : nil
            // "no children live there" names none.
            let denied = previous.map(Words.denials.contains) ?? false
            if writer || reporterWord {
                // "The SW recorded that Mum ...", "Officer at scene said she ...": who
                // writes or speaks is not who the sentence is about.
                kind = .reporter
            } else if childWord || sibling, !ownerOfAdult, !denied, !adultAgeFollows(index, tokens, words, scalars: scalars) {
                // A son, daughter, sister or brother is a child unless an adult's age follows
                // ("her older son Marcus (20)", "older sister Jade (19)").
                kind = childWord ? .child : .sibling
                if kind == .sibling { gender = ownerGender }
            } else if ownerOfAdult {
                kind = nil
            } else if possessive, let next, Words.documents.contains(next) {
                // "Teacher's note: Ruby brought it on herself": the writer, not the subject.
                kind = nil
            } else if adultWord, !isGroup {
                kind = .adult
            } else if olderWord, !isGroup, !Words.olderAdjectives.contains(word), !(next.map(Words.personNouns.contains) ?? false) {
                // "The shift manager is dating ...": a word for someone older names an adult
                // (not "older", nor "adult" in "adult delivery drivers").
                kind = .adult
            } else if Words.subjectPronouns.contains(word) {
                kind = .pronoun
                gender = Words.pronounGenders[word]
            } else if let next, Words.reportingVerbs.contains(next) || Words.nameVerbs.contains(next) || Words.arrivalVerbs.contains(next),
                      capitalized(index), !Words.notNames.contains(word) {
                // "Mia reported that the men ...", "Lily came back ...": someone named, of an age not given.
                kind = .name
            }
            if childWord, kind != .child { tags.append(Mention(.childWord, at: index)) }
            var personEnd = index + 1
            // "Mr Okafor consented ...": the title and the name are one person.
            if kind == .adult, Words.titles.contains(word), index + 1 < end, capitalized(index + 1) { personEnd = index + 2 }
            let ages = Self.ages(at: index, tokens, words, scalars: scalars)
            if let age = ages.first {
                // A professional's age is still an age given, and a person's.
                if kind == .reporter { tags.append(Mention(.reporter, at: index)) }
                if kind == nil || kind == .reporter { kind = age >= 18 ? .adult : .child }
                if index + 2 < end, tokens[index + 1].word.hasPrefix("year") { personEnd = index + 3 }
            }
            let bare = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
            if kind == .adult { gender = Words.gender(of: bare) }
            if let kind { tags.append(Mention(kind, index..<personEnd, gender: gender, ages: ages, numeral: Int(word) != nil)) }
            // Words that refer back to someone.
            let pronounGender = Words.pronounGenders[word]
            if Words.objectPronouns.contains(word) { tags.append(Mention(.objectPronoun, at: index, gender: pronounGender)) }
            if Words.possessivePronouns.contains(word) { tags.append(Mention(.possessive, at: index, gender: pronounGender)) }
            if let reflexive = Words.reflexives[word] { tags.append(Mention(.reflexive, at: index, gender: reflexive)) }
            if word.hasSuffix("'s"), index > words.lowerBound, capitalized(index), let previous,
               !Words.titles.contains(previous), !adultWord, !reporterWord, !olderWord {
                tags.append(Mention(.namedPossessive, at: index))
            }
            // "Mum told the SW she is worried Roxanne has gone ...": someone named, and
            // what follows is about them.
            if index > words.lowerBound, !quoted, let next, Words.nameVerbs.contains(next), capitalized(index), word != "i",
               let previous, !Words.titles.contains(previous), !Words.timeClauses.contains(previous),
               !Words.notNames.contains(word), !adultWord, !reporterWord, !olderWord {
                tags.append(Mention(.reportedName, at: index))
            }
            // "Mum said Kofi works for ...", "Mum is aware that Priya is ...": someone named after
            // a report (not "said the tenant" or "says her fiancé").
            if Words.reportingVerbs.contains(word) || word == "that" {
                var named = index + 1
                if named < end, tokens[named].word == "that" { named += 1 }
                if named < end, capitalized(named), tokens[named].word != "i", !context.adults.matches(tokens, at: named, end: end) {
                    tags.append(Mention(.reportedName, index..<named + 1))
                }
            }
            if Words.prepositions.contains(word) { tags.append(Mention(.preposition, at: index)) }
            if word == "with" { tags.append(Mention(.with, at: index)) }
        }
        return tags
    }

    /// Punctuation that begins another clause: , ; : ( and dashes.
    static func breaksClause(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", ";", ":", "(", "\u{2013}", "\u{2014}": return true
        default: return false
        }
    }

    /// An age of 18 or more within the next three words ("son Marcus (20)").
    static func adultAgeFollows(_ index: Int, _ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar]) -> Bool {
        (index + 1..<min(index + 4, words.upperBound)).contains { next in
            ages(at: next, tokens, words, scalars: scalars).contains { $0 >= 18 }
        }
    }

    /// The ages a word gives: "16-year-old", "15 years old", "aged 24",
    /// "age of 12", "(15)", "both 16" (two), "also 17", "in his thirties".
    static func ages(at index: Int, _ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar]) -> [Int] {
        let word = tokens[index].word
        let previous = index > words.lowerBound ? tokens[index - 1].word : ""
        if Words.decades.contains(word), Words.decadeLeads.contains(previous) { return [30] }
        // "25yo", "14yrs", as chronologies write them.
        for suffix in Words.ageSuffixes where word.hasSuffix(suffix) {
            if let number = Int(word.dropLast(suffix.count)), number > 0, number < 100 { return [number] }
        }
        guard let number = Int(word) ?? Words.numberWords[word], number > 0, number < 100 else { return [] }
        let next = index + 1 < words.upperBound ? tokens[index + 1].word : ""
        let afterNext = index + 2 < words.upperBound ? tokens[index + 2].word : ""
        let isYear = Words.yearWords.contains(next)
        let measure = Words.units.contains(next)
        // "40 y/o" (read as "40 y o"), and "14 yrs" unless it is a span ("for 14 yrs").
        if next == "y", afterNext == "o" { return [number] }
        // "16-year-olds" names two or more children of that age.
        if isYear, afterNext == "olds" { return [number, number] }
        // "two 14-year-old friends" names two.
        if isYear, afterNext == "old", Words.pairWords.contains(previous) { return [number, number] }
        if Words.yearAbbreviations.contains(next), !Words.spanLeads.contains(previous) { return [number] }
        // "she thinks he's about 20", "believed to be around 25": a guessed age.
        // ("Nearly 18" is 17: still a child.)
        if number >= 10, !measure, Words.guesses.contains(previous),
           index >= words.lowerBound + 2, Words.guessVerbs.contains(tokens[index - 2].word) {
            return [Words.guessesBelow.contains(previous) ? number - 1 : number]
        }
        if isYear, Words.oldWords.contains(afterNext) { return [number] }
        if next == "yo" { return [number] }
        let twoBack = index >= words.lowerBound + 2 ? tokens[index - 2].word : ""
        switch previous {
        // "both aged 16" names two.
        case "aged" where twoBack == "both": return [number, number]
        case "aged", "age": return [number]
        case "both": return [number, number]
        case "also": return [number]
        // "age of 12"; not "since the age of 11", a time, not a second person.
        case "of" where twoBack == "age":
            let before = index >= words.lowerBound + 4 ? tokens[index - 4].word : ""
            return Words.sinceWords.contains(before) ? [] : [number]
        // "her partner is 28", "she turned 16": a number after the verb, not a measure.
        // "both young people are 16": two of that age.
        case "are" where number >= 10 && !measure, "were" where number >= 10 && !measure:
            return [number, number]
        case "is" where number >= 10 && !measure, "was" where number >= 10 && !measure,
             // "believed to be 25", not "there could be 15 men".
             "be" where number >= 10 && !measure && twoBack == "to",
             // "he must be 30", not "there could be 15 men".
             "be" where number >= 10 && !measure && index >= words.lowerBound + 3
                && Words.modals.contains(twoBack) && Words.beSubjects.contains(tokens[index - 3].word),
             "turned" where number >= 10, "turns" where number >= 10: return [number]
        case "now" where index >= words.lowerBound + 3 && tokens[index - 3].word == "who": return [number]
        // "The older brother, now 22, is ...".
        case "now" where number >= 10 && !measure: return [number]
        // "at 27 he has been ...".
        case "at" where number >= 18 && Words.atSubjects.contains(next): return [number]
        // "he and Hannah, then 14, ...".
        case "then" where number >= 10 && !measure && tokens[index].range.upperBound < scalars.count
            && scalars[tokens[index].range.upperBound] == ",": return [number]
        default: break
        }
        let range = tokens[index].range
        if range.lowerBound > 0, scalars[range.lowerBound - 1] == "(",
           range.upperBound < scalars.count, scalars[range.upperBound] == ")" { return [number] }
        // "(M, 31)", "(F, 15)" as police logs write them.
        if Words.sexMarks.contains(previous), range.lowerBound >= 2, scalars[range.lowerBound - 2] == ",",
           range.upperBound < scalars.count, scalars[range.upperBound] == ")" { return [number] }
        // "Kayla, 15, has been ...": a number set off by commas after a name.
        // (Not a list of numbers: "on 12, 14, 16 March".)
        if range.lowerBound >= 2, scalars[range.lowerBound - 1] == " ", scalars[range.lowerBound - 2] == ",",
           range.upperBound < scalars.count, scalars[range.upperBound] == ",",
           index > words.lowerBound, Int(previous) == nil { return [number] }
        return []
    }
}
