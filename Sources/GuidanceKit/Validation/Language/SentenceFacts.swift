extension LanguageMatcher {
    /// A rule judged in one sentence (its `unless` and `requires` are decided once per sentence).
    struct RuleInSentence: Hashable {
        var rule: Int
        var sentence: Int
    }

    /// Phrases indexed by their first word, so that trying all of them at a
    /// word costs a dictionary look-up, not a pass over the list.
    struct PhraseIndex: Sendable {
        private var byFirstWord: [String: [Phrase]] = [:]
        /// Phrases whose first word has a prefix form, by the prefixes' first letters.
        private var byFirstLetter: [Unicode.Scalar: [Phrase]] = [:]
        private var others: [Phrase] = []  // first word a wildcard or optional

        init(_ patterns: [String]) {
            for phrase in patterns.flatMap(Phrase.compile) {
                guard let first = phrase.words.first else { continue }
                if first.optional || first.any || first.prefixes.contains(where: \.isEmpty) {
                    others.append(phrase)
                    continue
                }
                for word in first.exact { byFirstWord[word, default: []].append(phrase) }
                let letters = Set(first.prefixes.compactMap(\.unicodeScalars.first))
                for letter in letters { byFirstLetter[letter, default: []].append(phrase) }
            }
        }

        /// Whether one of the phrases stands anywhere in `tokens[range]`.
        func occurs(in tokens: [Token], _ range: Range<Int>) -> Bool {
            range.contains { matches(tokens, at: $0, end: range.upperBound) }
        }

        /// Whether one of the phrases starts at `index` (and ends before `end`).
        func matches(_ tokens: [Token], at index: Int, end: Int) -> Bool {
            let word = tokens[index].word
            if let phrases = byFirstWord[word],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            // A possessive stands for its word, as in `WordSpec.matches`.
            if word.hasSuffix("'s"), let phrases = byFirstWord[String(word.dropLast(2))],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            if let letter = word.unicodeScalars.first, let phrases = byFirstLetter[letter],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            return others.contains { $0.match(tokens, at: index, end: end) ?? 0 > 0 }
        }
    }

    /// The shipped (or given) context, compiled.
    struct CompiledContext: Sendable {
        var mentions: PhraseIndex
        var quotedMentions: PhraseIndex
        var corrections: PhraseIndex
        var reporters: PhraseIndex
        var adults: PhraseIndex
        var children: PhraseIndex
        var peers: PhraseIndex
        var older: PhraseIndex

        init(_ context: LanguageContext) {
            mentions = PhraseIndex(context.mentions)
            quotedMentions = PhraseIndex(context.quotedMentions)
            corrections = PhraseIndex(context.corrections)
            reporters = PhraseIndex(context.reporters)
            adults = PhraseIndex(context.adults)
            children = PhraseIndex(context.children)
            peers = PhraseIndex(context.peers)
            older = PhraseIndex(context.older)
        }
    }

    /// What one sentence shows beyond the words a rule caught: whether it
    /// talks about wording, who is in it, and how old they are. Worked out in
    /// one pass over the sentence's words.
    struct SentenceFacts {
        /// The sentence forbids, corrects or explains wording ("must not be used").
        var isMention = false
        /// It has a weaker sign of that ("the term", "rather than") outside
        /// quotation marks, which counts for words in quotation marks.
        var hasQuotedMentionCue = false
        /// Someone's words are reported ("said", "told") and the record names
        /// the abuse rightly after them ("... but she was groomed"): words in
        /// quotation marks there are the person's own, corrected.
        var reportsAndCorrects: Bool { reportAt != nil && hasCorrection }
        /// The sentence names the abuse rightly somewhere outside quotation marks.
        private var hasCorrection = false
        private var reportAt: Int?
        /// The first word that names a person (a noun, "she", "he", "they", or an age), if any.
        var firstPerson: (index: Int, end: Int, adult: Bool)?
        /// The first person's words end with a word for them ("the 35-year-old woman"), not an age.
        var firstPersonEndsWithWord = false
        /// Where the article before the first person stands ("the" of "the couple").
        var firstPersonArticle: Int?
        /// Where a child is first named (a word for a child, or an age under 18).
        var firstChild: Int?
        /// The first "she", "he" or "they" after the first person named.
        var pronounAfterFirstPerson: Int?
        /// The first "she" or "he" after the first person that cannot be them
        /// ("Dad stated ... that she was exchanging ..."): someone else.
        var otherGenderPronoun: Int?
        /// Where someone other than the first person may be named after them: a
        /// pronoun, a child, a report ("said"). The flag marks "her", "his" or
        /// "their", which right before the caught words are the subject's own
        /// ("Mum and her partner").
        var otherMentions: [(index: Int, possessive: Bool)] = []
        /// The positions of `otherMentions`, in order, for binary search.
        private var otherMentionIndices: [Int] = []
        /// Where an age under 18 is given.
        private var childAges: Set<Int> = []
        private var youngest: Int?
        private var eldest: Int?
        /// The first "herself", "himself" or "themselves" after the first person that may be them.
        private var firstReflexive: Int?
        /// The first person is a name whose age has not been given yet.
        private var firstPersonIsName = false
        /// Where an adult or a professional is named by a word (not an age).
        private var namedAdults: Set<Int> = []
        /// Where a name's possessive stands ("Ellie's"): capitalized, not a word for an adult, not after a title.
        private var namedPossessives: Set<Int> = []
        /// Where adults other than the first person are named.
        private var otherAdults: [Int] = []
        /// "f" or "m" for the first person, where the word tells.
        var firstPersonGender: Character?
        /// Another adult, by a word or an age, is named after the first person ("Dad's partner, 42, said she ...").
        private var otherAdultNamed = false
        /// The genders of the adults named so far ("mother ... father": "he" may be the father).
        private var adultGenders: Set<Character> = []
        /// The sentence's words, `sentenceWords[0]` being the word at `firstIndex`,
        /// to read the caught words' neighbours.
        private var sentenceWords: [String] = []
        private var firstIndex = 0

        /// The word at a token index of this sentence, or nil outside it.
        private func wordAt(_ index: Int) -> String? {
            let offset = index - firstIndex
            return offset >= 0 && offset < sentenceWords.count ? sentenceWords[offset] : nil
        }
        /// Where the first person's verb stands: after the person and at most
        /// three helping words ("Mother had been drinking": "drinking").
        var firstPersonVerb = -1
        /// Where the word "with" stands.
        var withPositions: [Int] = []
        /// Where a report of someone else, named, begins after the first person
        /// named: "Mum said Kofi works for ...", "Mum is aware that Priya is ...",
        /// not "Mum said she ..." or "the landlord said the tenant ...".
        var reportOfOther: Int?
        static let reportingVerbs = LanguageLexicon.shipped.words("reporting-verbs")
        var ages: [Int] = []
        var hasPeerCue = false
        var hasOlderCue = false

        /// Ages as words, as in "a fifteen-year-old".
        static let numberWords = LanguageLexicon.shipped.numbers
        static let decades = LanguageLexicon.shipped.words("decades")
        static let subjectPronouns = LanguageLexicon.shipped.words("subject-pronouns")
        // Not "their": "Mum and her partner, both in their thirties".
        static let objectPronouns = LanguageLexicon.shipped.words("object-pronouns")
        static let possessivePronouns = LanguageLexicon.shipped.words("possessive-pronouns")
        static let pronounGenders = LanguageLexicon.shipped.pronounGenders
        static let femaleWords = LanguageLexicon.shipped.words("female-words")
        static let maleWords = LanguageLexicon.shipped.words("male-words")
        /// Words read around a person word: "a year older", "tutor group", "no children".
        static let spans = LanguageLexicon.shipped.words("spans")
        static let comparisons = LanguageLexicon.shipped.words("comparisons")
        static let groups = LanguageLexicon.shipped.words("groups")  // "her tutor group", "in tutor time"
        static let denials = LanguageLexicon.shipped.words("denials")
        /// Words after a number that make it a measure, not an age.
        static let units = LanguageLexicon.shipped.words("units")
        /// What a person's possessive may name instead of a person ("the teacher's note").
        static let documents = LanguageLexicon.shipped.words("documents")
        /// Words that say "said" in quoting someone ("Ruby called him her 'boyfriend'").
        static let quotingVerbs = LanguageLexicon.shipped.words("quoting-verbs")
        /// Words of the `older` list that describe rather than name someone.
        static let olderAdjectives = LanguageLexicon.shipped.words("older-adjectives")
        /// Nouns after which an `older` word is an adjective ("adult delivery drivers", "male nurse").
        static let personNouns = LanguageLexicon.shipped.words("person-nouns")
        static let titles = LanguageLexicon.shipped.words("titles")
        /// A person named just after one of these (three words at most) is not the
        /// subject of the sentence ("the sexual contact with the 22-year-old").
        static let prepositions = LanguageLexicon.shipped.words("prepositions")

        init(_ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar], context: CompiledContext) {
            let end = words.upperBound
            sentenceWords = tokens[words].map(\.word)
            firstIndex = words.lowerBound
            var lastPreposition: Int?  // a person named just after one is not the subject ("with the 22-year-old")
            for index in words {
                let word = tokens[index].word
                if context.mentions.matches(tokens, at: index, end: end) { isMention = true }
                // A sign outside the quotation marks: words inside a quoted record
                // ("words of advice given") are the record's, not a comment on it.
                if !tokens[index].quoted, context.quotedMentions.matches(tokens, at: index, end: end) { hasQuotedMentionCue = true }
                if reportAt == nil, Self.reportingVerbs.contains(word) || Self.quotingVerbs.contains(word) { reportAt = index }
                if !tokens[index].quoted, context.corrections.matches(tokens, at: index, end: end) { hasCorrection = true }
                if context.peers.matches(tokens, at: index, end: end) { hasPeerCue = true }
                // "a year older", "two years older": about the same age, not an older person.
                let yearsApart = index > words.lowerBound && Self.spans.contains(tokens[index - 1].word)
                    && Self.comparisons.contains(word)
                if yearsApart { hasPeerCue = true }
                // "her tutor group", "form tutor group": a class, not an older person.
                let isGroup = index + 1 < end && Self.groups.contains(tokens[index + 1].word)
                // "Caretaker said ...", "Office manager logged ...": the writer, neither the
                // subject nor someone older in what is described. (Not "Mum said ...".)
                let reports = index + 1 < end && (Self.reportingVerbs.contains(tokens[index + 1].word) || tokens[index + 1].word == "told")
                let olderWord = context.older.matches(tokens, at: index, end: end)
                let writer = reports && olderWord && !context.adults.matches(tokens, at: index, end: end)
                // Not "no adult was involved".
                let deniedOlder = index > words.lowerBound && ["no", "not", "without"].contains(tokens[index - 1].word)
                if olderWord, !yearsApart, !isGroup, !writer, !deniedOlder { hasOlderCue = true }
                var person: Bool?  // adult (true), child or unknown (false)
                // "the children's mother", "the girl's father": the person is the adult.
                // (The tokenizer keeps "child's" whole but drops the apostrophe of "girls'".)
                let after = tokens[index].range.upperBound
                let possessive = word.hasSuffix("'s") || (after < scalars.count && (scalars[after] == "'" || scalars[after] == "\u{2019}"))
                let ownerOfAdult = possessive && index + 1 < end && context.adults.matches(tokens, at: index + 1, end: end)
                // "Mum's sister", "Mum told ... that her older sister ...": an adult's sibling.
                var owner = index - 1
                if Self.siblings.contains(word) {
                    while owner > words.lowerBound, owner > index - 4,
                          ["older", "younger", "elder", "big", "little", "half"].contains(tokens[owner].word) { owner -= 1 }
                }
                let adultsSibling = Self.siblings.contains(word) && owner >= words.lowerBound
                    && (tokens[owner].word.hasSuffix("'s") && context.adults.matches(tokens, at: owner, end: end)
                        || (firstPerson?.adult ?? false) && Self.pronounGenders[tokens[owner].word] != nil
                            && Self.pronounGenders[tokens[owner].word] == firstPersonGender)
                // "no children live there" names none.
                let denied = index > words.lowerBound && Self.denials.contains(tokens[index - 1].word)
                if writer || context.reporters.matches(tokens, at: index, end: end) {
                    // "The SW recorded that Mum ...", "Officer at scene said she ...": who
                    // writes or speaks is not who the sentence is about.
                    person = nil
                } else if context.children.matches(tokens, at: index, end: end) || Self.siblings.contains(word) && !adultsSibling,
                          !ownerOfAdult, !denied, !Self.adultAgeFollows(index, tokens, words, scalars: scalars) {
                    // A son, daughter, sister or brother is a child unless an adult's age follows
                    // ("her older son Marcus (20)", "older sister Jade (19)").
                    firstChild = firstChild ?? index
                    person = false
                } else if ownerOfAdult {
                    person = nil
                } else if possessive, index + 1 < end, Self.documents.contains(tokens[index + 1].word) {
                    // "Teacher's note: Ruby brought it on herself": the writer, not the subject.
                    person = nil
                } else if context.adults.matches(tokens, at: index, end: end), !isGroup {
                    person = true
                } else if olderWord, !isGroup, !Self.olderAdjectives.contains(word), index + 1 >= end || !Self.personNouns.contains(tokens[index + 1].word) {
                    // "The shift manager is dating ...": a word for someone older names an adult
                    // (not "older", nor "adult" in "adult delivery drivers").
                    person = true
                } else if Self.subjectPronouns.contains(word) {
                    person = false
                } else if index + 1 < end, Self.reportingVerbs.contains(tokens[index + 1].word) || Self.nameVerbs.contains(tokens[index + 1].word)
                            || tokens[index + 1].word == "came",
                          scalars[tokens[index].range.lowerBound].properties.isUppercase, !Self.notNames.contains(word) {
                    // "Mia reported that the men ...", "Lily came back ...": someone named, of an age not given.
                    person = false
                    if firstPerson == nil { firstPersonIsName = true }
                }
                var personEnd = index + 1
                // "Mr Okafor consented ...": the title and the name are one person.
                if person == true, Self.titles.contains(word), index + 1 < end,
                   scalars[tokens[index + 1].range.lowerBound].properties.isUppercase { personEnd = index + 2 }
                for age in Self.ages(at: index, tokens, words, scalars: scalars) {
                    ages.append(age)
                    // "Shanice is 19 and ...": the age of the person just named.
                    if firstPersonIsName, let first = firstPerson, index <= first.index + 3, index > first.index,
                       (first.index + 1..<index).allSatisfy({ ["is", "was", "aged", "now", "who"].contains(tokens[$0].word) }) {
                        firstPerson = (first.index, first.end, age >= 18)
                        firstPersonIsName = false
                    }
                    person = person ?? (age >= 18)
                    if age < 18 { firstChild = firstChild ?? index; childAges.insert(index) }
                    if index + 2 < words.upperBound, tokens[index + 1].word.hasPrefix("year") { personEnd = index + 3 }
                }
                if person == true, Int(word) == nil { namedAdults.insert(index) }
                if writer || context.reporters.matches(tokens, at: index, end: end) { namedAdults.insert(index) }
                // "Mum told the SW she is worried Roxanne has gone ...": someone named, and
                // what follows is about them.
                if let firstPerson, reportOfOther == nil, index > firstPerson.index, index > words.lowerBound, !tokens[index].quoted,
                   index + 1 < end, Self.nameVerbs.contains(tokens[index + 1].word),
                   scalars[tokens[index].range.lowerBound].properties.isUppercase, word != "i",
                   !Self.titles.contains(tokens[index - 1].word), !Self.timeClauses.contains(tokens[index - 1].word),
                   !Self.notNames.contains(word), !context.adults.matches(tokens, at: index, end: end),
                   !context.reporters.matches(tokens, at: index, end: end), !olderWord {
                    reportOfOther = index
                }
                if word.hasSuffix("'s"), index > words.lowerBound, scalars[tokens[index].range.lowerBound].properties.isUppercase,
                   !Self.titles.contains(tokens[index - 1].word), !context.adults.matches(tokens, at: index, end: end),
                   !context.reporters.matches(tokens, at: index, end: end), !context.older.matches(tokens, at: index, end: end) {
                    namedPossessives.insert(index)
                }
                if person == true {
                    let bare = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
                    if let gender = Self.gender(of: bare) { adultGenders.insert(gender) }
                    // A word for an adult, not an age ("Ms Doyle, 34, described her relationship").
                    if let first = firstPerson, index > first.end { otherAdultNamed = true }
                    if let first = firstPerson, index == first.end, Int(word) == nil {
                        // "the 19-year-old mother": the word right after the first person is them.
                        firstPerson = (first.index, index + 1, first.adult)
                        firstPersonEndsWithWord = true
                    } else if let firstPerson, index >= firstPerson.end, Int(word) == nil {
                        otherAdults.append(index)
                    }
                }
                if let firstPerson, index >= firstPerson.end {
                    let gender = Self.pronounGenders[word]
                    // "he" after "Mum" is someone else, unless a man has been named ("Mother ... father ... he").
                    let other = gender != nil && firstPersonGender != nil && !adultGenders.contains(gender!) && !otherAdultNamed
                    // "the male (31) as her older sexual partner": "her" is not the man's.
                    if other, otherGenderPronoun == nil, Self.subjectPronouns.contains(word) || Self.possessivePronouns.contains(word) {
                        otherGenderPronoun = index
                    }
                    if pronounAfterFirstPerson == nil, Self.subjectPronouns.contains(word), !other { pronounAfterFirstPerson = index }
                    if Self.subjectPronouns.contains(word) || Self.objectPronouns.contains(word)
                        || context.children.matches(tokens, at: index, end: end) {
                        // "her own past": the subject's own, not someone else.
                        if !(Self.possessivePronouns.contains(word) && index + 1 < end && tokens[index + 1].word == "own") {
                            otherMentions.append((index, Self.possessivePronouns.contains(word)))
                            otherMentionIndices.append(index)
                        }
                    }
                }
                if let firstPerson, reportOfOther == nil, index > firstPerson.index,
                   Self.reportingVerbs.contains(word) || word == "that" {
                    let last = words.upperBound
                    var next = index + 1
                    if next < last, tokens[next].word == "that" { next += 1 }
                    if next < last {
                        // Someone named ("said Kofi works"), not "said the tenant" or "says her fiancé".
                        let first = scalars[tokens[next].range.lowerBound]
                        let named = first.properties.isUppercase && tokens[next].word != "i"
                        if named, !context.adults.matches(tokens, at: next, end: last) { reportOfOther = next }
                    }
                }
                if firstPerson == nil, let person {
                    let afterPreposition = lastPreposition.map { index - $0 <= 3 } ?? false
                    firstPerson = (index, personEnd, person && !afterPreposition)
                    let bare = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
                    firstPersonGender = person ? Self.gender(of: bare) : nil
                    if let firstPersonGender { adultGenders.insert(firstPersonGender) }
                    if index > words.lowerBound, ["the", "a", "an"].contains(tokens[index - 1].word) { firstPersonArticle = index - 1 }
                }
                if Self.prepositions.contains(word) { lastPreposition = index }
                if word == "with" { withPositions.append(index) }
            }
            if ages.contains(where: { $0 >= 18 }) { hasOlderCue = true }
            // Worked out once here, so that judging each match costs no pass over the sentence.
            youngest = ages.min()
            eldest = ages.max()
            if let firstPerson {
                firstReflexive = (firstPerson.end..<end).first { position in
                    guard let gender = Self.reflexives[tokens[position].word] else { return false }
                    return gender == nil || firstPersonGender == nil || gender == firstPersonGender
                }
            }
            // "Mum and her partner", "Mr and Mrs Begum": adults joined by "and" are one subject.
            if let first = firstPerson, first.adult {
                var next = first.end
                if wordAt(next) == "and" {
                    next += 1
                    if let word = wordAt(next), Self.possessivePronouns.contains(word) { next += 1 }
                    if namedAdults.contains(next) || Self.partnerWords.contains(wordAt(next) ?? "") {
                        firstPerson = (first.index, next + 1, true)
                        firstPersonEndsWithWord = true
                    }
                }
            }
            if let firstPerson {
                var verb = firstPerson.end
                while verb < end, verb - firstPerson.end < 3, Self.helpingWords.contains(tokens[verb].word) { verb += 1 }
                firstPersonVerb = verb
            }
        }

        /// The ages a word gives: "16-year-old", "15 years old", "aged 24",
        /// "age of 12", "(15)", "both 16" (two), "also 17", "in his thirties".
        static func ages(at index: Int, _ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar]) -> [Int] {
            let word = tokens[index].word
            let previous = index > words.lowerBound ? tokens[index - 1].word : ""
            if decades.contains(word), ["his", "her", "their", "mid", "late", "early"].contains(previous) { return [30] }
            // "25yo", "14yrs", as chronologies write them.
            for suffix in ["yo", "yrs", "yr"] where word.hasSuffix(suffix) {
                if let number = Int(word.dropLast(suffix.count)), number > 0, number < 100 { return [number] }
            }
            guard let number = Int(word) ?? numberWords[word], number > 0, number < 100 else { return [] }
            let next = index + 1 < words.upperBound ? tokens[index + 1].word : ""
            let afterNext = index + 2 < words.upperBound ? tokens[index + 2].word : ""
            // "40 y/o" (read as "40 y o"), and "14 yrs" unless it is a span ("for 14 yrs").
            if next == "y", afterNext == "o" { return [number] }
            // "16-year-olds" names two or more children of that age.
            if ["year", "years", "yr", "yrs"].contains(next), afterNext == "olds" { return [number, number] }
            // "two 14-year-old friends" names two.
            if ["year", "years", "yr", "yrs"].contains(next), afterNext == "old", ["two", "both"].contains(previous) { return [number, number] }
            if ["yrs", "yr"].contains(next), !["for", "over", "past", "last", "within", "after", "about"].contains(previous) { return [number] }
            // "she thinks he's about 20", "believed to be around 25": a guessed age.
            // ("Nearly 18" is 17: still a child.)
            if number >= 10, !units.contains(next), ["about", "around", "approx", "approximately", "roughly", "nearly", "almost", "maybe", "possibly", "probably", "over", "under"].contains(previous),
               index >= words.lowerBound + 2, ["is", "was", "be", "hes", "shes", "he's", "she's", "aged", "age", "thinks", "think",
                                               "looked", "looks", "looking", "seemed", "seems", "appeared", "appears"].contains(tokens[index - 2].word) {
                return [["nearly", "almost", "under"].contains(previous) ? number - 1 : number]
            }
            if ["year", "years", "yr", "yrs"].contains(next), ["old", "old's", "olds'"].contains(afterNext) { return [number] }
            if next == "yo" { return [number] }
            switch previous {
            // "both aged 16" names two.
            case "aged" where index >= words.lowerBound + 2 && tokens[index - 2].word == "both": return [number, number]
            case "aged", "age": return [number]
            case "both": return [number, number]
            case "also": return [number]
            // "age of 12"; not "since the age of 11", a time, not a second person.
            case "of" where index >= words.lowerBound + 2 && tokens[index - 2].word == "age":
                let before = index >= words.lowerBound + 4 ? tokens[index - 4].word : ""
                return ["since", "from", "until", "till", "before", "by"].contains(before) ? [] : [number]
            // "her partner is 28", "she turned 16": a number after the verb, not a measure.
            // "both young people are 16": two of that age.
            case "are" where number >= 10 && !units.contains(next), "were" where number >= 10 && !units.contains(next):
                return [number, number]
            case "is" where number >= 10 && !units.contains(next), "was" where number >= 10 && !units.contains(next),
                 // "believed to be 25", not "there could be 15 men".
                 "be" where number >= 10 && !units.contains(next) && index >= words.lowerBound + 2 && tokens[index - 2].word == "to",
                 // "he must be 30", not "there could be 15 men".
                 "be" where number >= 10 && !units.contains(next) && index >= words.lowerBound + 3
                    && ["must", "could", "might", "may", "would"].contains(tokens[index - 2].word)
                    && ["he", "she", "they", "who"].contains(tokens[index - 3].word),
                 "turned" where number >= 10, "turns" where number >= 10: return [number]
            case "now" where index >= words.lowerBound + 3 && tokens[index - 3].word == "who": return [number]
            // "The older brother, now 22, is ...".
            case "now" where number >= 10 && !units.contains(next): return [number]
            // "at 27 he has been ...".
            case "at" where number >= 18 && ["he", "she", "they", "he's", "she's"].contains(next): return [number]
            // "he and Hannah, then 14, ...".
            case "then" where number >= 10 && !units.contains(next) && tokens[index].range.upperBound < scalars.count
                && scalars[tokens[index].range.upperBound] == ",": return [number]
            default: break
            }
            let range = tokens[index].range
            if range.lowerBound > 0, scalars[range.lowerBound - 1] == "(",
               range.upperBound < scalars.count, scalars[range.upperBound] == ")" { return [number] }
            // "(M, 31)", "(F, 15)" as police logs write them.
            if ["m", "f", "male", "female"].contains(previous), range.lowerBound >= 2, scalars[range.lowerBound - 2] == ",",
               range.upperBound < scalars.count, scalars[range.upperBound] == ")" { return [number] }
            // "Kayla, 15, has been ...": a number set off by commas after a name.
            // (Not a list of numbers: "on 12, 14, 16 March".)
            if range.lowerBound >= 2, scalars[range.lowerBound - 1] == " ", scalars[range.lowerBound - 2] == ",",
               range.upperBound < scalars.count, scalars[range.upperBound] == ",",
               index > words.lowerBound, Int(previous) == nil { return [number] }
            return []
        }

        /// The sentence speaks about adults only, as far as words before
        /// `index` show: the first person named is an adult, and no child is
        /// named in it ("The mother said she chose to leave"), or one is named
        /// only after the caught words while a pronoun before them takes up the
        /// adult ("Dad said he made the choice to stop drinking before the
        /// child protection conference"; not "Neighbours saw punters at the flat
        /// where Kayla, 15, stays"). With `strict`, any child named counts (a
        /// relationship names the child after it). Someone else reported on
        /// ("Mum said Kofi works for ...") is not the adult. An age right before the
        /// caught words describes them, not the subject ("her 22-year-old boyfriend").
        func isAboutAdultsOnly(before index: Int, strict: Bool = false) -> Bool {
            guard let firstPerson, firstPerson.adult else { return false }
            // The caught words name the adults themselves ("the couple, both 30"):
            // adults only when every age given is an adult's and no child is named.
            if index == firstPerson.index || index == firstPersonArticle {
                return firstChild == nil && allAgesAdult
            }
            // Right before the caught words only as a word or a title and name
            // ("Mother willingly ...", "Ms Osei's boyfriend"), not an age ("her 22-year-old boyfriend").
            // The words are part of the adults named first ("Mr P and his partner, both in their forties"),
            // unless a child's age follows them ("his girlfriend, 15,").
            if index > firstPerson.index, index < firstPerson.end {
                return !(firstChild.map { $0 > index && $0 <= index + 3 } ?? false)
            }
            guard firstPerson.end < index || (firstPerson.end == index && (firstPerson.end - firstPerson.index <= 2 || firstPersonEndsWithWord))
            else { return false }
            // Someone named before the words, or just after a word for people ("the punters Mia meets").
            if let reportOfOther, reportOfOther <= index + 1 { return false }
            if let otherGenderPronoun, otherGenderPronoun < index { return false }
            // "Neighbours describe the 52-year-old as Ellie's sugar daddy": the words
            // belong to someone named, of an age not given.
            if let owner = wordAt(index - 1), owner.hasSuffix("'s"), namedPossessives.contains(index - 1) { return false }
            guard let firstChild else { return true }
            if firstChild < index { return false }
            // Every age given is an adult's: a child named later is not who the words describe
            // ("The 22-year-old and her 24-year-old partner have two children").
            // A relationship names its other party just after it, with "with" ("an
            // inappropriate relationship with a Year 10 pupil"); a child named further
            // on is not that, nor is a child named after an adult other party ("her
            // relationship with Mr Harris, and that Charlie, 6, ...").
            let with = Self.first(in: withPositions, atLeast: index).flatMap { $0 < firstChild ? $0 : nil }
            let adultParty = with.map { with in Self.first(in: otherAdults, atLeast: with + 1).map { $0 <= with + 2 } ?? false } ?? false
            if strict, firstChild < index + 8, with != nil, !adultParty { return false }
            if allAgesAdult { return true }
            // A child right after the words ("his girlfriend, 15,") is their other party;
            // one further on ("... are expecting a baby") need not be.
            if strict, firstChild < index + 4, !adultParty { return false }
            return isAdultSubject(of: index)
        }

        /// The adult first named is the subject of the words at `index`: a
        /// pronoun takes the adult up before them, or only helping words stand
        /// between ("Mother had been drinking ..."), or nobody else is named
        /// between and the words are something the adult does, is or has ("have
        /// chosen to", "was a known drug dealer", "her relationship", "herself"),
        /// and no child is named right after them as what they are done to.
        private func isAdultSubject(of index: Int) -> Bool {
            if let pronounAfterFirstPerson, pronounAfterFirstPerson < index { return true }
            if index <= firstPersonVerb { return true }
            // Nobody else is named between the adult and the caught words, and these
            // are something the adult does ("Mr and Mrs Begum have chosen to ...",
            // "Mum's ex-partner, 50, was convicted of supplying ...") or has ("Mum has
            // chosen to end her relationship"): the adult is still their subject. Not
            // "Mum let her go ...", nor "neighbours report a stream of punters".
            guard let firstPerson else { return false }
            // The first mention after the first person; a possessive right before the
            // words is theirs ("her own past": the subject's own).
            var someoneElse = false
            let at = Self.position(in: otherMentionIndices, of: firstPerson.end)
            if at < otherMentions.count, otherMentions[at].index < index {
                let mention = otherMentions[at]
                someoneElse = !(mention.possessive && mention.index == index - 1)
            }
            guard !someoneElse, let caught = wordAt(index) else { return false }
            // A child named right after the words is what they are done to ("paying Tia (14) ...").
            if let firstChild, firstChild > index, firstChild <= index + 3 { return false }
            // "her relationship" is the adult's own only if no other adult has been named
            // between ("her grandmother believes an older man acts as her sugar daddy").
            // The possessive may stand a few words back ("her new partner", "her 21-year-old
            // boyfriend"), and a reflexive takes up the subject ("Mum described herself as streetwise").
            var back = index - 1
            while back > index - 5, let word = wordAt(back), Self.describing.contains(word) || Int(word) != nil { back -= 1 }
            let before = wordAt(back) ?? ""
            let reflexive = firstReflexive.map { $0 < index } ?? false
            let own = (Self.possessivePronouns.contains(before)
                && (Self.pronounGenders[before] == nil || Self.pronounGenders[before] == firstPersonGender || firstPersonGender == nil)
                || reflexive)
                && !(Self.first(in: otherAdults, atLeast: firstPerson.end).map { $0 < index } ?? false)
            // "for supplying": the word after a preposition.
            let next = Self.prepositions.contains(caught) ? wordAt(index + 1) ?? "" : caught
            // "Mum's ex-partner was a known drug dealer": what the subject is.
            // ... or works as ("worked as an adult content creator"; not "described her as").
            let predicate = (index - 3..<index).contains { position in
                let word = wordAt(position) ?? ""
                return ["was", "is", "were", "are", "been", "be"].contains(word)
                    || word == "as" && Self.workWords.contains(wordAt(position - 1) ?? "")
            }
            return own || predicate || Self.looksLikeVerb(next)
        }

        /// A word that reads as something done: "supplying", "chosen", "agreed".
        static func looksLikeVerb(_ word: String) -> Bool {
            word.count > 4 && (word.hasSuffix("ing") || word.hasSuffix("ed") || word.hasSuffix("en")) || verbs.contains(word)
        }
        /// Words that may stand between a possessive and what it owns ("her new 21-year-old partner").
        static let describing = LanguageLexicon.shipped.words("describing")
        static let reflexives = LanguageLexicon.shipped.reflexives
        static let verbs = LanguageLexicon.shipped.words("verbs")

        static func gender(of word: String) -> Character? {
            femaleWords.contains(word) ? "f" : maleWords.contains(word) ? "m" : nil
        }

        /// Words that may stand between a subject and its verb.
        static let helpingWords = LanguageLexicon.shipped.words("helping-words")

        /// The caught words name a partner whose age, given right after, is a
        /// child's ("Amelia's boyfriend is 15 ..."): peers, not an adult.
        func isPartnerAChild(_ index: Int) -> Bool {
            guard let caught = wordAt(index), Self.partnerWords.contains(caught) || caught == "bf" || caught == "b" else { return false }
            // The age of the partner itself: "boyfriend is 15", "boyfriend, 15,", "boyfriend (15)",
            // not "partner; Chloe is thirteen".
            var next = index + 1
            while next < index + 3, let word = wordAt(next), ["is", "was", "aged", "who"].contains(word) { next += 1 }
            return childAges.contains(next)
        }

        /// The caught words say someone chose or agreed, and an adult or a
        /// professional stands right before them ("his dad has agreed to take
        /// him", "staff chose to move the drop-in"), whoever else is named.
        func isChoiceOfAdultJustBefore(_ index: Int) -> Bool {
            guard let caught = wordAt(index), Self.choiceVerbs.contains(caught) else { return false }
            var before = index - 1
            while before > index - 6, let word = wordAt(before), Self.helpingWords.contains(word) || ["who", "that", "then"].contains(word) { before -= 1 }
            return namedAdults.contains(before)
        }
        /// Capitalized words that are not names.
        static let notNames = LanguageLexicon.shipped.words("not-names")
        /// A name after these begins a clause of time, not a report ("before Kyla was born").
        static let timeClauses = LanguageLexicon.shipped.words("time-clauses")
        static let partnerWords = LanguageLexicon.shipped.words("partner-words")
        static let siblings = LanguageLexicon.shipped.words("siblings")  // "half-sister" is read as "half sister"

        /// Every age given is 18 or more.
        var allAgesAdult: Bool { (youngest ?? 0) >= 18 }

        /// The first of `sorted` that is at least `value` (a binary search).
        static func first(in sorted: [Int], atLeast value: Int) -> Int? {
            let at = position(in: sorted, of: value)
            return at < sorted.count ? sorted[at] : nil
        }

        /// Where `value` stands, or would stand, in `sorted`.
        static func position(in sorted: [Int], of value: Int) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// An age of 18 or more within the next three words ("son Marcus (20)").
        static func adultAgeFollows(_ index: Int, _ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar]) -> Bool {
            (index + 1..<min(index + 4, words.upperBound)).contains { next in
                ages(at: next, tokens, words, scalars: scalars).contains { $0 >= 18 }
            }
        }

        static let choiceVerbs = LanguageLexicon.shipped.words("choice-verbs")
        static let workWords = LanguageLexicon.shipped.words("work-words")
        /// Words after a name that make it the subject of what follows ("Roxanne has gone").
        static let nameVerbs = LanguageLexicon.shipped.words("name-verbs")

        /// Two or more ages, all under 18 and at most two years apart: whoever
        /// else the sentence names ("the youth worker"), the pair are peers.
        var agesArePeers: Bool {
            guard ages.count >= 2, let low = youngest, let high = eldest else { return false }
            // A 17-year-old and a classmate who has turned 18 are peers too.
            return low < 18 && high <= 18 && high - low <= 2
        }

        /// The children in the sentence are of about the same age: nobody older
        /// or adult is named, and either a phrase says so ("in her class") or two
        /// ages under 18 stand at most two years apart.
        var isAboutPeers: Bool {
            guard !hasOlderCue else { return false }
            if hasPeerCue { return true }
            guard ages.count >= 2, let low = youngest, let high = eldest else { return false }
            return high < 18 && high - low <= 2
        }

        /// Whether a rule for `subject` reports words matched from `index`.
        func allows(_ subject: LanguageSubject, at index: Int, quoted: Bool) -> Bool {
            judge(subject, at: index, quoted: quoted).flags
        }

        /// The fact that decides whether a rule for `subject` reports words
        /// matched from `index`: the first that excuses them, or why they are a finding.
        func judge(_ subject: LanguageSubject, at index: Int, quoted: Bool) -> LanguageFact {
            if isMention { return .mention }
            if quoted && hasQuotedMentionCue { return .quotedMention }
            if quoted && reportsAndCorrects { return .reportedAndCorrected }
            // "sexual harassment, not 'banter'": a quoted term set aside.
            if quoted, let before = wordAt(index - 1), ["not", "never"].contains(before) { return .quotedAndSetAside }
            switch subject {
            case .any:
                return .anySubject
            case .child:
                if isAboutAdultsOnly(before: index) { return .adultSubject }
                return isChoiceOfAdultJustBefore(index) ? .adultChoice : .childSubject
            case .childNotPeer:
                if isAboutAdultsOnly(before: index) { return .adultSubject }
                if isAboutPeers { return .peers }
                return isChoiceOfAdultJustBefore(index) ? .adultChoice : .childNotAmongPeers
            case .notPeer:
                return isAboutPeers ? .peers : .notAmongPeers
            case .childWithAdult:
                if !hasOlderCue { return .noOlderPerson }
                // A phrase of peers ("a boy in her year") with no adult's age given.
                if agesArePeers || hasPeerCue && (eldest ?? 0) < 18 { return .peers }
                if isPartnerAChild(index) { return .partnerIsAChild }
                return isAboutAdultsOnly(before: index, strict: true) ? .adultSubject : .childWithOlderPerson
            }
        }
    }
}
