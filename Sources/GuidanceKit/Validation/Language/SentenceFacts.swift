extension LanguageMatcher {
    /// What one sentence shows beyond the words a rule caught: whether it
    /// talks about wording (`Wording`), how old the people in it are
    /// (`Peers`), and who is named and who the caught words are about
    /// (`People`, `subject(of:)`). Each is a small function of the sentence's
    /// tags (`tag`, one pass over its words) and its words, worked out once
    /// per sentence; `judge` says which fact decides a rule's match.
    struct SentenceFacts {
        /// The tags of the sentence, in the order of its words.
        let tags: [Mention]
        /// The sentence's words, `words[0]` being the word at `firstIndex`.
        let words: [String]
        let firstIndex: Int
        let wording: Wording
        let peers: Peers
        let people: People
        let rejection: Rejection
        /// Where a word names a programme or service (looked up once a match, so a set).
        let programmeNames: Set<Int>

        init(_ tokens: [Token], _ words: Range<Int>, scalars: [Unicode.Scalar], context: CompiledContext) {
            self.init(tags: LanguageMatcher.tag(tokens, words, scalars: scalars, context: context),
                      words: tokens[words].map(\.word), firstIndex: words.lowerBound)
        }

        /// The facts of a sentence from its tags (hand-written ones, in a test).
        init(tags: [Mention], words: [String], firstIndex: Int = 0) {
            self.tags = tags
            self.words = words
            self.firstIndex = firstIndex
            wording = Wording(tags)
            peers = Peers(tags)
            people = People(tags, words: words, firstIndex: firstIndex)
            rejection = Rejection(tags)
            programmeNames = Set(tags.filter { $0.kind == .programmeName }.map(\.index))
        }

        /// The word at a token index of this sentence, or nil outside it.
        func wordAt(_ index: Int) -> String? { Self.wordAt(index, in: words, firstIndex: firstIndex) }

        static func wordAt(_ index: Int, in words: [String], firstIndex: Int) -> String? {
            let offset = index - firstIndex
            return offset >= 0 && offset < words.count ? words[offset] : nil
        }

        // MARK: Mention: the sentence is about wording

        /// Whether the sentence forbids, corrects, explains or sets aside wording.
        struct Wording: Hashable {
            /// It forbids, corrects or explains wording ("must not be used").
            var forbids = false
            /// It has a weaker sign of that ("the term", "rather than") outside
            /// quotation marks, which counts for words in quotation marks.
            var quotedCue = false
            /// Someone's words are reported ("said", "told") and the record names
            /// the abuse rightly after them ("... but she was groomed"): words in
            /// quotation marks there are the person's own, corrected.
            var reportsAndCorrects = false

            init(_ tags: [Mention]) {
                forbids = tags.contains { $0.kind == .wording }
                quotedCue = tags.contains { $0.kind == .quotedWording }
                reportsAndCorrects = tags.contains { $0.kind == .report } && tags.contains { $0.kind == .correction }
            }

            /// The fact that excuses caught words (`quoted`: in quotation marks,
            /// after the word `before`), or nil: the sentence does not talk about them.
            func excuse(quoted: Bool, before: String?) -> LanguageFact? {
                if forbids { return .mention }
                if quoted && quotedCue { return .quotedMention }
                if quoted && reportsAndCorrects { return .reportedAndCorrected }
                // "sexual harassment, not 'banter'": a quoted term set aside.
                if quoted, let before, Words.setAside.contains(before) { return .quotedAndSetAside }
                return nil
            }
        }

        // MARK: Rejection: the sentence names the framing to reject it

        /// Where the sentence says that something is not so ("does not mean", "not
        /// as", "no evidence that"), where the record rejects a claim ("this is not
        /// accepted"), and where its clauses begin: whether caught words are named
        /// only to be rejected.
        struct Rejection: Hashable {
            /// Where the words of each rejection end (the word after them).
            var rejectionEnds: [Int] = []
            var dismissals: [Int] = []
            var reports: [Int] = []
            var clauseBreaks: [Int] = []

            /// How many words may stand between a rejection and the words it governs
            /// ("no evidence that [the boy is a] gang member").
            static let reach = 4

            /// Each list in word order, so that a look-up for one match is a binary
            /// search, not a pass over a long sentence (a record with no full stops is
            /// one sentence, and ScalingTests holds its cost linear).
            init(_ tags: [Mention]) {
                for tag in tags {
                    switch tag.kind {
                    case .rejection: rejectionEnds.append(tag.span.upperBound)
                    case .dismissal: dismissals.append(tag.index)
                    case .report: reports.append(tag.index)
                    case .clauseBreak: clauseBreaks.append(tag.index)
                    default: break
                    }
                }
                rejectionEnds.sort()
                dismissals.sort()
                reports.sort()
                clauseBreaks.sort()
            }

            /// The position of the first element of the sorted `list` at or after `value`.
            static func firstIndex(atLeast value: Int, in list: [Int]) -> Int {
                var low = 0, high = list.count
                while low < high {
                    let middle = (low + high) / 2
                    if list[middle] < value { low = middle + 1 } else { high = middle }
                }
                return low
            }

            /// A rejection governs the words at `index`: it ends at most `reach` words
            /// before them and no other clause begins between ("She chose to go back
            /// and did not tell anyone": the "not" is after; "no evidence of threats,
            /// and he is a gang member": another clause).
            func governs(_ index: Int) -> Bool {
                var next = Self.firstIndex(atLeast: index - Self.reach, in: rejectionEnds)
                while next < rejectionEnds.count, rejectionEnds[next] <= index {
                    let end = rejectionEnds[next]
                    let breakAt = Self.firstIndex(atLeast: end, in: clauseBreaks)
                    if breakAt == clauseBreaks.count || clauseBreaks[breakAt] > index { return true }
                    next += 1
                }
                return false
            }

            /// Someone's claim is reported before the words (`index`..<`end`) and
            /// the record rejects it after them ("The offender told police the girl
            /// 'chose' to go with him; this is not accepted").
            func claimRejected(_ index: Int, end: Int) -> Bool {
                (reports.first.map { $0 < index } ?? false) && (dismissals.last.map { $0 >= end } ?? false)
            }

            /// The fact that excuses the words `index`..<`end`, or nil.
            /// (Not words in quotation marks followed by the abuse named rightly: "gives
            /// her 'risk-taking behaviour' as the reason she was raped" blames her.)
            func excuse(_ index: Int, end: Int) -> LanguageFact? {
                if governs(index) { return .rejected }
                if claimRejected(index, end: end) { return .claimRejected }
                return nil
            }
        }

        // MARK: Peers: how old the people named are

        /// The ages given and the phrases about age: whether the children
        /// named are peers of about the same age, and whether someone older is named.
        struct Peers: Hashable {
            var ages: [Int] = []
            /// A phrase says the children are of about the same age ("in her class").
            var phrase = false
            /// Someone older or adult is named, by a word or an age of 18 or more.
            var older = false

            init(_ tags: [Mention]) {
                ages = tags.flatMap(\.ages)
                phrase = tags.contains { $0.kind == .peerPhrase }
                older = tags.contains { $0.kind == .older } || ages.contains { $0 >= 18 }
            }

            var youngest: Int? { ages.min() }
            var eldest: Int? { ages.max() }

            /// Every age given is 18 or more.
            var allAgesAdult: Bool { (youngest ?? 0) >= 18 }

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
            var arePeers: Bool {
                guard !older else { return false }
                if phrase { return true }
                guard ages.count >= 2, let low = youngest, let high = eldest else { return false }
                return high < 18 && high - low <= 2
            }

            /// Peers for a relationship word: two ages of peers, or a phrase of
            /// peers ("a boy in her year") with no adult's age given.
            var areRelationshipPeers: Bool { agesArePeers || phrase && (eldest ?? 0) < 18 }
        }

        // MARK: Subject: who the caught words are about

        /// Who the caught words are about, as far as the sentence shows.
        enum Subject: String, Hashable {
            /// The adult named first: the sentence speaks about adults only.
            case adult
            /// Someone else named after the adult ("Dad stated that she ...",
            /// "Mum said Kofi works ...", "Ellie's sugar daddy").
            case someoneElse = "someone-else"
            /// A child, or nothing shows the sentence to be about adults only.
            case child
        }

        /// Who the words at `index` are about: the adult first named, when the
        /// sentence speaks about adults only as far as words before `index` show
        /// (no child named in it, or one named only after the caught words while a
        /// pronoun before them takes up the adult: "Dad said he made the choice to
        /// stop drinking before the child protection conference"; not "Neighbours saw
        /// punters at the flat where Kayla, 15, stays"). With `strict`, any child
        /// named counts (a relationship names the child after it). An age right
        /// before the caught words describes them, not the subject ("her 22-year-old boyfriend").
        func subject(of index: Int, strict: Bool = false) -> Subject {
            guard let first = people.first, first.adult else { return .child }
            let firstChild = people.firstChild
            // The caught words name the adults themselves ("the couple, both 30"):
            // adults only when every age given is an adult's and no child is named.
            if index == first.index || index == first.article {
                return firstChild == nil && peers.allAgesAdult ? .adult : .child
            }
            // Right before the caught words only as a word or a title and name
            // ("Mother willingly ...", "Ms Osei's boyfriend"), not an age ("her 22-year-old boyfriend").
            // The words are part of the adults named first ("Mr P and his partner, both in their forties"),
            // unless a child's age follows them ("his girlfriend, 15,").
            if index > first.index, index < first.end {
                return firstChild.map { $0 > index && $0 <= index + 3 } ?? false ? .child : .adult
            }
            guard first.end < index || (first.end == index && (first.end - first.index <= 2 || first.endsWithWord))
            else { return .child }
            // Someone named before the words, or just after a word for people ("the punters Mia meets").
            if let reported = people.reportOfOther, reported <= index + 1 { return .someoneElse }
            if let other = people.otherGenderPronoun, other < index { return .someoneElse }
            // "Neighbours describe the 52-year-old as Ellie's sugar daddy": the words
            // belong to someone named, of an age not given.
            if let owner = wordAt(index - 1), owner.hasSuffix("'s"), people.namedPossessives.contains(index - 1) { return .someoneElse }
            guard let firstChild else { return .adult }
            if firstChild < index { return .child }
            // Every age given is an adult's: a child named later is not who the words describe
            // ("The 22-year-old and her 24-year-old partner have two children").
            // A relationship names its other party just after it, with "with" ("an
            // inappropriate relationship with a Year 10 pupil"); a child named further
            // on is not that, nor is a child named after an adult other party ("her
            // relationship with Mr Harris, and that Charlie, 6, ...").
            let with = Self.first(in: people.withPositions, atLeast: index).flatMap { $0 < firstChild ? $0 : nil }
            let adultParty = with.map { with in Self.first(in: people.otherAdults, atLeast: with + 1).map { $0 <= with + 2 } ?? false } ?? false
            if strict, firstChild < index + 8, with != nil, !adultParty { return .child }
            if peers.allAgesAdult { return .adult }
            // A child right after the words ("his girlfriend, 15,") is their other party;
            // one further on ("... are expecting a baby") need not be.
            if strict, firstChild < index + 4, !adultParty { return .child }
            return isAdultSubject(of: index) ? .adult : .child
        }

        /// The adult first named is the subject of the words at `index`: a
        /// pronoun takes the adult up before them, or only helping words stand
        /// between ("Mother had been drinking ..."), or nobody else is named
        /// between and the words are something the adult does, is or has ("have
        /// chosen to", "was a known drug dealer", "her relationship", "herself"),
        /// and no child is named right after them as what they are done to.
        private func isAdultSubject(of index: Int) -> Bool {
            if let pronoun = people.pronounAfterFirstPerson, pronoun < index { return true }
            if index <= people.firstPersonVerb { return true }
            // Nobody else is named between the adult and the caught words, and these
            // are something the adult does ("Mr and Mrs Begum have chosen to ...",
            // "Mum's ex-partner, 50, was convicted of supplying ...") or has ("Mum has
            // chosen to end her relationship"): the adult is still their subject. Not
            // "Mum let her go ...", nor "neighbours report a stream of punters".
            guard let first = people.first else { return false }
            // The first mention after the first person; a possessive right before the
            // words is theirs ("her own past": the subject's own).
            if let mention = people.otherMentions.first(where: { $0.index >= first.end }), mention.index < index,
               !(mention.possessive && mention.index == index - 1) { return false }
            guard let caught = wordAt(index) else { return false }
            // A child named right after the words is what they are done to ("paying Tia (14) ...").
            if let firstChild = people.firstChild, firstChild > index, firstChild <= index + 3 { return false }
            // "her relationship" is the adult's own only if no other adult has been named
            // between ("her grandmother believes an older man acts as her sugar daddy").
            // The possessive may stand a few words back ("her new partner", "her 21-year-old
            // boyfriend"), and a reflexive takes up the subject ("Mum described herself as streetwise").
            var back = index - 1
            while back > index - 5, let word = wordAt(back), Words.describing.contains(word) || Int(word) != nil { back -= 1 }
            let before = wordAt(back) ?? ""
            let reflexive = people.firstReflexive.map { $0 < index } ?? false
            let own = (Words.possessivePronouns.contains(before)
                && (Words.pronounGenders[before] == nil || Words.pronounGenders[before] == first.gender || first.gender == nil)
                || reflexive)
                && !(Self.first(in: people.otherAdults, atLeast: first.end).map { $0 < index } ?? false)
            // "for supplying": the word after a preposition.
            let next = Words.prepositions.contains(caught) ? wordAt(index + 1) ?? "" : caught
            // "Mum's ex-partner was a known drug dealer": what the subject is.
            // ... or works as ("worked as an adult content creator"; not "described her as").
            let predicate = (index - 3..<index).contains { position in
                let word = wordAt(position) ?? ""
                return Words.beForms.contains(word) || word == "as" && Words.workWords.contains(self.wordAt(position - 1) ?? "")
            }
            return own || predicate || Self.looksLikeVerb(next)
        }

        /// A word that reads as something done: "supplying", "chosen", "agreed".
        static func looksLikeVerb(_ word: String) -> Bool {
            word.count > 4 && (word.hasSuffix("ing") || word.hasSuffix("ed") || word.hasSuffix("en")) || Words.verbs.contains(word)
        }

        // MARK: An adult named: relationships and choices

        /// The caught words name a partner whose age, given right after, is a
        /// child's ("Amelia's boyfriend is 15 ..."): peers, not an adult.
        func isPartnerAChild(_ index: Int) -> Bool {
            guard let caught = wordAt(index), Words.partnerWords.contains(caught) || Words.partnerAbbreviations.contains(caught)
            else { return false }
            // The age of the partner itself: "boyfriend is 15", "boyfriend, 15,", "boyfriend (15)",
            // not "partner; Chloe is thirteen".
            var next = index + 1
            while next < index + 3, let word = wordAt(next), Words.partnerAgeLinks.contains(word) { next += 1 }
            return people.childAges.contains(next)
        }

        /// The caught words say someone chose or agreed, and an adult or a
        /// professional stands right before them ("his dad has agreed to take
        /// him", "staff chose to move the drop-in"), whoever else is named.
        func isChoiceOfAdultJustBefore(_ index: Int) -> Bool {
            guard let caught = wordAt(index), Words.choiceVerbs.contains(caught) else { return false }
            var before = index - 1
            while before > index - 6, let word = wordAt(before), Words.helpingWords.contains(word) || Words.clauseLinks.contains(word) {
                before -= 1
            }
            return people.namedAdults.contains(before)
        }

        // MARK: The verdict

        /// Whether a rule for `subject` reports words matched from `index`.
        func allows(_ subject: LanguageSubject, at index: Int, end: Int? = nil, quoted: Bool) -> Bool {
            judge(subject, at: index, end: end, quoted: quoted).flags
        }

        /// The fact that decides whether a rule for `subject` reports words
        /// matched from `index` (up to `end`, the word after them; the next word if
        /// not given): the first that excuses them, or why they are a finding.
        func judge(_ subject: LanguageSubject, at index: Int, end: Int? = nil, quoted: Bool) -> LanguageFact {
            if let excuse = wording.excuse(quoted: quoted, before: wordAt(index - 1)) { return excuse }
            if let excuse = rejection.excuse(index, end: end ?? index + 1) { return excuse }
            if programmeNames.contains(index) { return .programmeName }
            switch subject {
            case .any:
                return .anySubject
            case .child:
                if self.subject(of: index) == .adult { return .adultSubject }
                return isChoiceOfAdultJustBefore(index) ? .adultChoice : .childSubject
            case .childNotPeer:
                if self.subject(of: index) == .adult { return .adultSubject }
                if peers.arePeers { return .peers }
                return isChoiceOfAdultJustBefore(index) ? .adultChoice : .childNotAmongPeers
            case .notPeer:
                return peers.arePeers ? .peers : .notAmongPeers
            case .childWithAdult:
                if !peers.older { return .noOlderPerson }
                if peers.areRelationshipPeers { return .peers }
                if isPartnerAChild(index) { return .partnerIsAChild }
                return self.subject(of: index, strict: true) == .adult ? .adultSubject : .childWithOlderPerson
            }
        }

        /// The first of `sorted` that is at least `value` (a binary search).
        static func first(in sorted: [Int], atLeast value: Int) -> Int? {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < sorted.count ? sorted[low] : nil
        }
    }
}
