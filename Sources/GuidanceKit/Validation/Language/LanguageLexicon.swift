import Foundation
import Yams

/// The words the language rules read a sentence with (who is named, how old,
/// what is reported, done or chosen): one resource file,
/// `Resources/language-lexicon.yaml`, read once, so the lists are data to
/// review and change, not Swift to edit. `SentenceFacts` takes each list by
/// name. The phrases the rules themselves use (`sets:`, `context:`) stay in
/// `language-rules.yaml`.
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

    /// Reads a lexicon: `words:` (name: [word, ...]), `number-words:`,
    /// `pronoun-genders:`, `reflexives:`.
    static func read(_ text: String, file: String) throws(ReadError) -> LanguageLexicon {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw ReadError(message: "\(file): not YAML: \(error)") }
        guard let entries = root as? [String: Any] else { throw ReadError(message: "\(file): expected a mapping") }
        var lexicon = LanguageLexicon()
        for (key, value) in entries {
            switch key {
            case "words":
                guard let lists = value as? [String: Any] else { throw ReadError(message: "\(file): words: expected name: [words]") }
                for (name, list) in lists {
                    guard let words = list as? [String] else { throw ReadError(message: "\(file): words.\(name): expected a list of words") }
                    lexicon.lists[name] = words
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
                throw ReadError(message: "\(file): unknown key '\(key)' (known: words, number-words, pronoun-genders, reflexives)")
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
