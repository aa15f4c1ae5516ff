extension LanguageMatcher.SentenceFacts {
    typealias Mention = LanguageMatcher.Mention
    typealias Words = LanguageMatcher.Words

    /// Who a sentence names, read from its tags: the first person named
    /// (the subject the adults-only reading starts from), the children,
    /// the other adults, and the words that may refer to someone else after
    /// the first person. Each field is a small function of the tags and words.
    struct People {
        /// The first person named, as far as the first words show.
        struct First: Hashable {
            /// Where they are named, and where their words end (past "the
            /// 19-year-old mother", "Mum and her partner").
            var index: Int
            var end: Int
            /// Where their words end before "and ..." joins another adult to them.
            var chainEnd: Int
            /// An adult (a word or an age; not named just after a preposition).
            var adult: Bool
            /// "f" or "m", where the word for the adult tells.
            var gender: Character?
            /// Where the article before them stands ("the" of "the couple").
            var article: Int?
            /// Their words end with a word for them ("the 35-year-old woman"), not an age.
            var endsWithWord: Bool
        }

        /// A word after the first person that may name someone else: a pronoun or a
        /// word for a child. `possessive` marks "her", "his" or "their", which right
        /// before the caught words are the subject's own ("Mum and her partner").
        struct Reference: Hashable {
            var index: Int
            var possessive: Bool
        }

        var first: First?
        /// Where a child is first named (a word for a child, or an age under 18).
        var firstChild: Int?
        /// The first "she", "he" or "they" after the first person that may be them.
        var pronounAfterFirstPerson: Int?
        /// The first "she", "he" or a possessive after the first person that cannot be them
        /// ("Dad stated ... that she was exchanging ..."): someone else.
        var otherGenderPronoun: Int?
        var otherMentions: [Reference] = []
        /// Where an age under 18 is given.
        var childAges: Set<Int> = []
        /// The first "herself", "himself" or "themselves" after the first person that may be them.
        var firstReflexive: Int?
        /// Where an adult or a professional is named by a word (not an age).
        var namedAdults: Set<Int> = []
        /// Where a name's possessive stands ("Ellie's").
        var namedPossessives: Set<Int> = []
        /// Where adults other than the first person are named by a word, in order.
        var otherAdults: [Int] = []
        /// Where the first person's verb stands: after the person and at most
        /// three helping words ("Mother had been drinking": "drinking"); -1 if nobody is named.
        var firstPersonVerb = -1
        /// Where the word "with" stands, in order.
        var withPositions: [Int] = []
        /// Where someone else, named, is reported on after the first person:
        /// "Mum said Kofi works for ...", "Mum is aware that Priya is ...".
        var reportOfOther: Int?

        init(_ tags: [Mention], words: [String], firstIndex: Int) {
            let word = { (index: Int) in LanguageMatcher.SentenceFacts.wordAt(index, in: words, firstIndex: firstIndex) }
            namedAdults = Set(tags.filter { $0.kind == .adult && !$0.numeral || $0.kind == .reporter }.map(\.index))
            namedPossessives = Set(tags.filter { $0.kind == .namedPossessive }.map(\.index))
            withPositions = tags.filter { $0.kind == .with }.map(\.index)
            childAges = Set(tags.filter { $0.ages.contains { $0 < 18 } }.map(\.index))
            first = Self.firstPerson(tags, namedAdults: namedAdults, word: word)
            firstChild = Self.firstChild(tags, first: first)
            guard let first else { return }
            otherAdults = tags.filter { $0.kind == .adult && !$0.numeral && $0.index > first.chainEnd }.map(\.index)
            (pronounAfterFirstPerson, otherGenderPronoun, otherMentions) = Self.references(tags, after: first, word: word)
            firstReflexive = tags.first { tag in
                tag.kind == .reflexive && tag.index >= first.chainEnd
                    && (tag.gender == nil || first.gender == nil || tag.gender == first.gender)
            }?.index
            var verb = first.end
            while verb < firstIndex + words.count, verb - first.end < 3, let next = word(verb), LanguageMatcher.Words.helpingWords.contains(next) { verb += 1 }
            firstPersonVerb = verb
            reportOfOther = tags.first { $0.kind == .reportedName && $0.span.lowerBound > first.index }.map { $0.span.upperBound - 1 }
        }

        /// The first person named: who the first person tag names, made an adult by
        /// an age given right after a name ("Shanice is 19 and ..."), and joined by
        /// "and" to another adult ("Mum and her partner", "Mr and Mrs Begum").
        static func firstPerson(_ tags: [Mention], namedAdults: Set<Int>, word: (Int) -> String?) -> First? {
            guard let head = tags.first(where: \.isPerson) else { return nil }
            // "the sexual contact with the 22-year-old": not the subject.
            let preposition = tags.last { $0.kind == .preposition && $0.index < head.index }
            var adult = head.kind == .adult && !(preposition.map { head.index - $0.index <= 3 } ?? false)
            if head.kind == .name, let aged = tags.first(where: { tag in
                !tag.ages.isEmpty && tag.index > head.index && tag.index <= head.index + 3
                    && (head.index + 1..<tag.index).allSatisfy { LanguageMatcher.Words.ageLinks.contains(word($0) ?? "") }
            }) {
                adult = aged.ages[0] >= 18
            }
            // "the 19-year-old mother": the words for an adult right after them are them.
            let adultWords = Set(tags.filter { $0.kind == .adult && !$0.numeral }.map(\.index))
            var chainEnd = head.span.upperBound
            while adultWords.contains(chainEnd) { chainEnd += 1 }
            var person = First(index: head.index, end: chainEnd, chainEnd: chainEnd, adult: adult,
                               gender: head.kind == .adult ? head.gender : nil,
                               article: word(head.index - 1).map(LanguageMatcher.Words.articles.contains) ?? false ? head.index - 1 : nil,
                               endsWithWord: chainEnd > head.span.upperBound)
            // "Mum and her partner", "Mr and Mrs Begum": adults joined by "and" are one subject.
            if adult, word(chainEnd) == "and" {
                var next = chainEnd + 1
                if let owner = word(next), Words.possessivePronouns.contains(owner) { next += 1 }
                if namedAdults.contains(next) || LanguageMatcher.Words.partnerWords.contains(word(next) ?? "") {
                    person.end = next + 1
                    person.endsWithWord = true
                }
            }
            return person
        }

        /// Where a child is first named: a word for a child, an age under 18, or a
        /// sister or brother who is not the adult first named's own.
        static func firstChild(_ tags: [Mention], first: First?) -> Int? {
            tags.first { tag in
                switch tag.kind {
                case .child: return true
                case .sibling:
                    guard let first, tag.index > first.index else { return true }
                    return !(first.adult && tag.gender != nil && tag.gender == first.gender)
                default: return tag.ages.contains { $0 < 18 }
                }
            }?.index
        }

        /// The pronouns and words for children after the first person's words:
        /// the first pronoun that may be them, the first that cannot ("he" after
        /// "Mum", with no man named), and every word that may name someone else.
        static func references(_ tags: [Mention], after first: First, word: (Int) -> String?)
            -> (pronoun: Int?, otherGender: Int?, others: [Reference]) {
            // The first adult named after the first person, and where each gender is first named.
            let otherAdult = tags.first { $0.kind == .adult && $0.index > first.chainEnd }?.index
            var genderNamed: [Character: Int] = [:]
            for tag in tags where tag.kind == .adult { if let gender = tag.gender, genderNamed[gender] == nil { genderNamed[gender] = tag.index } }
            // "he" after "Mum" is someone else, unless a man has been named ("Mother ... father ... he").
            func someoneElse(_ index: Int, _ gender: Character?) -> Bool {
                guard let gender, let firstGender = first.gender else { return false }
                let named = gender == firstGender || genderNamed[gender].map { $0 <= index } ?? false
                return !named && !(otherAdult.map { $0 <= index } ?? false)
            }
            var pronoun: Int?, otherGender: Int?, others: [Reference] = []
            var position = 0
            while position < tags.count {
                let index = tags[position].index
                var end = position
                while end < tags.count, tags[end].index == index { end += 1 }
                defer { position = end }
                guard index >= first.chainEnd else { continue }
                let here = tags[position..<end]
                let subject = here.contains { $0.kind == .pronoun }
                let object = here.contains { $0.kind == .objectPronoun }
                let possessive = here.contains { $0.kind == .possessive }
                let child = here.contains { $0.kind == .childWord || $0.kind == .child && $0.ages.isEmpty }
                guard subject || object || possessive || child else { continue }
                // "The man she met online chose to ...": a pronoun right after "the man" begins
                // a clause about him, and he is still the subject of the verb after it.
                if subject, !possessive, index == first.end, first.adult, first.article != nil { continue }
                let gender = here.first { [.pronoun, .objectPronoun, .possessive].contains($0.kind) }?.gender
                let other = someoneElse(index, gender)
                // "the male (31) as her older sexual partner": "her" is not the man's.
                if other, otherGender == nil, subject || possessive { otherGender = index }
                if pronoun == nil, subject, !other { pronoun = index }
                // "her own past": the subject's own, not someone else.
                if subject || object || child, !(possessive && word(index + 1) == "own") {
                    others.append(Reference(index: index, possessive: possessive))
                }
            }
            return (pronoun, otherGender, others)
        }
    }
}
