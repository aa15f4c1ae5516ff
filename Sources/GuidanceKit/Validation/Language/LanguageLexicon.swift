import Foundation
import Yams

/// Every word list of the language rules, in one resource file,
/// `Resources/language-lexicon.yaml`, read once, so the lists are data to
/// review and change, not Swift to edit: the words the tagging pass reads a
/// sentence with (`words:`: who is named, how old, what is reported, done or
/// chosen; `Mention.swift` and `SentenceFacts` take each list by name), the
/// phrases that tell what a sentence is about (`context:`, see
/// `LanguageContext`), and the phrase sets the rules name as `$name` in their
/// `unless:` and `requires:` (`sets:`). `language-rules.yaml` holds the rules only.
struct LanguageLexicon: Sendable {
    static let resourceName = "language-lexicon"

    /// Named word lists, as written (order kept, for checking).
    var lists: [String: [String]] = [:]
    /// Ages written as words: "fifteen" is 15.
    var numbers: [String: Int] = [:]
    /// The gender a pronoun tells: "f" or "m".
    var pronounGenders: [String: Character] = [:]
    /// Reflexives and the gender each tells (nil: either).
    var reflexives: [String: Character?] = [:]
    /// Phrase sets, used in rules and context as `$name`.
    var sets: [String: [String]] = [:]
    /// The phrases that tell what a sentence is about, `$name` expanded.
    var context = LanguageContext()

    /// The list of that name, as a set. Naming a list the file lacks is a bug
    /// in the tool, found by the tests, so it stops here loudly.
    func words(_ name: String) -> Set<String> {
        guard let list = lists[name] else { preconditionFailure("\(Self.resourceName).yaml has no list '\(name)'") }
        return Set(list)
    }

    struct ReadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads a lexicon: `words:` (name: [word, ...]), `sets:` (name: [phrase, ...]),
    /// `context:` (list: [phrase, ...]), `number-words:`, `pronoun-genders:`, `reflexives:`.
    static func read(_ text: String, file: String) throws(ReadError) -> LanguageLexicon {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw ReadError(message: "\(file): not YAML: \(error)") }
        guard let entries = root as? [String: Any] else { throw ReadError(message: "\(file): expected a mapping") }
        var lexicon = LanguageLexicon()
        var context: [String: [String]] = [:]
        for (key, value) in entries {
            switch key {
            case "words":
                guard let lists = value as? [String: Any] else { throw ReadError(message: "\(file): words: expected name: [words]") }
                for (name, list) in lists {
                    guard let words = list as? [String] else { throw ReadError(message: "\(file): words.\(name): expected a list of words") }
                    lexicon.lists[name] = words
                }
            case "sets", "context":
                guard let lists = value as? [String: Any] else { throw ReadError(message: "\(file): \(key): expected name: [phrases]") }
                for (name, list) in lists {
                    guard let phrases = list as? [String] else {
                        throw ReadError(message: "\(file): \(key).\(name): expected a list of phrases (quote words YAML reads otherwise, as \"no\")")
                    }
                    if key == "sets" { lexicon.sets[name] = phrases } else { context[name] = phrases }
                }
            case "number-words":
                guard let numbers = value as? [String: Int] else { throw ReadError(message: "\(file): number-words: expected word: number") }
                lexicon.numbers = numbers
            case "pronoun-genders", "reflexives":
                guard let genders = value as? [String: String] else { throw ReadError(message: "\(file): \(key): expected word: f, m or \"\"") }
                for (word, gender) in genders {
                    guard ["f", "m", ""].contains(gender) else { throw ReadError(message: "\(file): \(key).\(word): expected f, m or \"\"") }
                    if key == "reflexives" { lexicon.reflexives[word] = gender.first } else if let first = gender.first { lexicon.pronounGenders[word] = first }
                }
            default:
                throw ReadError(message: "\(file): unknown key '\(key)' (known: words, sets, context, number-words, pronoun-genders, reflexives)")
            }
        }
        // After the sets, wherever they stand, so that context lists can name them.
        for (name, phrases) in context {
            var missing: String?
            let expanded = LanguageRuleSet.expand(phrases, sets: lexicon.sets) { missing = missing ?? $0 }
            if let missing { throw ReadError(message: "\(file): context.\(name): there is no phrase set '\(missing)' under sets:") }
            guard lexicon.context.set(name, expanded) else {
                throw ReadError(message: "\(file): context: unknown list '\(name)' (known: \(LanguageContext.keys.joined(separator: ", ")))")
            }
        }
        return lexicon
    }

    /// The lexicon shipped inside the tool, read once.
    static let shipped: LanguageLexicon = {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the shipped lexicon (\(resourceName).yaml) is missing from the build")
        }
        do { return try read(text, file: "\(resourceName).yaml") } catch { preconditionFailure("the shipped lexicon is invalid: \(error)") }
    }()
}
