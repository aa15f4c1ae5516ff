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
        #expect(LanguageMatcher.SentenceFacts.femaleWords == lexicon.words("female-words"))
        #expect(LanguageMatcher.SentenceFacts.choiceVerbs == lexicon.words("choice-verbs"))
        #expect(LanguageMatcher.SentenceFacts.numberWords == lexicon.numbers)
    }

    @Test func aBrokenLexiconSaysWhatIsWrong() {
        #expect(throws: LanguageLexicon.ReadError.self) { try LanguageLexicon.read("words: {a: 3}\n", file: "x.yaml") }
        do {
            _ = try LanguageLexicon.read("word: {a: [b]}\n", file: "x.yaml")
            Issue.record("an unknown key is an error")
        } catch {
            #expect(error.message.contains("x.yaml: unknown key 'word'"), "\(error.message)")
        }
    }
}
