import Foundation
import Testing
@testable import GuidanceKit

/// The word lists of the language rules are data: one lexicon file, read once.
/// That no verdict changed in moving them there is LanguageVerdictTests' to show.
@Suite struct LanguageLexiconTests {
    @Test func everyListIsLowerCaseWordsWithNoneTwice() {
        let lexicon = LanguageLexicon.shipped
        #expect(lexicon.lists.count >= 28, "\(lexicon.lists.keys.sorted())")
        for (name, words) in lexicon.lists {
            #expect(!words.isEmpty, "\(name)")
            #expect(Set(words).count == words.count, "\(name) names a word twice")
            #expect(words.allSatisfy { $0 == $0.lowercased() && !$0.contains(" ") }, "\(name): one lower-case word each")
        }
        #expect(lexicon.numbers["fifteen"] == 15 && lexicon.pronounGenders["her"] == "f")
        #expect(lexicon.reflexives["herself"] == .some("f") && lexicon.reflexives["themselves"] == .some(nil))
    }

    /// Each list the sentence reading uses is the lexicon's: a word added to the file is read.
    @Test func theSentenceFactsReadTheLexicon() {
        let lexicon = LanguageLexicon.shipped
        #expect(LanguageMatcher.Words.femaleWords == lexicon.words("female-words"))
        #expect(LanguageMatcher.Words.choiceVerbs == lexicon.words("choice-verbs"))
        #expect(LanguageMatcher.Words.numberWords == lexicon.numbers)
    }

    /// The rule file holds the rules; the sets and context lists they use are the
    /// lexicon's, so no list is written twice.
    @Test func theRuleFileHoldsTheRulesAndTheLexiconTheLists() throws {
        let url = try #require(LanguageRuleSet.shippedURL)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("\nsets:") && !text.contains("\ncontext:"))
        let lexicon = LanguageLexicon.shipped
        #expect(lexicon.sets["services"]?.contains("referral*") == true && lexicon.sets["cannot-consent"] != nil)
        #expect(LanguageContext.shipped == lexicon.context && lexicon.context.adults.contains("landlord*"))
        // Rules still name the lexicon's sets.
        let cannotConsent = Set(lexicon.sets["cannot-consent"] ?? [])
        #expect(LanguageRuleSet.shipped.contains { !cannotConsent.isDisjoint(with: $0.unless) })
    }

    /// No word names both an adult and a child, nor both genders: the lists that
    /// tell who someone is do not contradict each other.
    @Test func noWordIsBothAnAdultAndAChild() {
        let context = LanguageMatcher.CompiledContext(.shipped)
        let lexicon = LanguageLexicon.shipped
        /// One text each phrase matches: its first alternative of each word, optional words left out.
        func example(_ phrase: String) -> String {
            phrase.split(separator: " ").filter { !$0.hasPrefix("[") }
                .map { $0.split(separator: "|")[0].replacingOccurrences(of: "*", with: "") }.joined(separator: " ")
        }
        func names(_ index: LanguageMatcher.PhraseIndex, _ phrase: String) -> Bool {
            let tokens = LanguageMatcher.tokenize(Array(example(phrase).unicodeScalars))
            return !tokens.isEmpty && index.matches(tokens, at: 0, end: tokens.count)
        }
        for phrase in lexicon.context.children {
            #expect(!names(context.adults, phrase) && !names(context.older, phrase), "\(phrase) is a child's word and an adult's")
        }
        for phrase in lexicon.context.adults { #expect(!names(context.children, phrase), "\(phrase) is an adult's word and a child's") }
        #expect(lexicon.words("female-words").isDisjoint(with: lexicon.words("male-words")))
    }

    @Test func aBrokenLexiconSaysWhatIsWrong() {
        #expect(throws: LanguageLexicon.ReadError.self) { try LanguageLexicon.read("words: {a: 3}\n", file: "x.yaml") }
        do {
            _ = try LanguageLexicon.read("word: {a: [b]}\n", file: "x.yaml")
            Issue.record("an unknown key is an error")
        } catch {
            #expect(error.message.contains("x.yaml: unknown key 'word'"), "\(error.message)")
        }
        do {
            _ = try LanguageLexicon.read("context: {adults: [$grown-ups]}\n", file: "x.yaml")
            Issue.record("a set that does not exist is an error")
        } catch {
            #expect(error.message.contains("context.adults: there is no phrase set 'grown-ups'"), "\(error.message)")
        }
    }
}
