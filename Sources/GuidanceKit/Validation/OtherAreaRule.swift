import Foundation

/// `other-area`: a sheet names one of England's local authority areas that
/// is not the partnership's own. Sheets are copied between partnerships; a
/// copy that still says "Harrow High School" or "ring Harrow's MASH" sends a
/// reader elsewhere's way. A warning: a sheet may name a neighbouring area on
/// purpose, and the office then lists it under `places:` in guidance.yaml.
///
/// The areas are the shipped list `Resources/local-authorities-england.txt`;
/// the partnership's own are those its name contains (`partnership:`) and
/// those listed under `places:`. A name is matched as capitalised whole
/// words ("Harrow", "Kingston upon Thames"), longest first; one that is also
/// an English word ("Reading") is not taken at the start of a sentence.
struct OtherAreaRule: Rule {
    init() {}

    static let resourceName = "local-authorities-england"

    /// The shipped area names. A missing list is a bug in the build.
    static let areas: [String] = {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the list of local authority areas (\(resourceName).txt) is missing from the build")
        }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    static let matcher = AreaMatcher(areas)

    func check(_ context: ValidationContext) -> [Finding] {
        let configuration = context.project.configuration
        let own = Set(Self.areas.filter { area in
            ([configuration.partnership] + configuration.places).contains { $0.contains(area) }
        })
        var findings: [Finding] = []
        for sheet in context.project.sheets {
            for (number, line) in sheet.linesOutsideComments {
                for match in Self.matcher.matches(in: line) where !own.contains(match.area) {
                    let at = sheet.source.lines.location(file: sheet.path, line: number, byteColumn: match.byteOffset + 1)
                    findings.append(.warning(.otherArea, at: at,
                        "'\(match.area)' is a local authority area that is not \(configuration.partnership)'s; "
                            + "if this text came from another partnership's sheet, replace its local details "
                            + "(places, services, contacts); if \(match.area) is yours, add it to places: in \(Configuration.path)"))
                }
            }
        }
        return findings
    }

    /// `line` with the text inside HTML comments (notes for editors, never
    /// printed) replaced by spaces of the same UTF-8 length, so offsets stay;
    /// `inComment` carries a comment over to the next line.
    static func outsideComments(_ line: String, inComment: inout Bool) -> String {
        guard inComment || line.contains("<!--") else { return line }
        var bytes = Array(line.utf8)
        var index = 0
        func starts(_ marker: String, at i: Int) -> Bool {
            let m = Array(marker.utf8)
            return i + m.count <= bytes.count && Array(bytes[i..<i + m.count]) == m
        }
        while index < bytes.count {
            if inComment {
                if starts("-->", at: index) {
                    for j in index..<index + 3 { bytes[j] = 0x20 }
                    index += 3
                    inComment = false
                } else {
                    // A multi-byte character is blanked byte by byte: still valid UTF-8.
                    bytes[index] = 0x20
                    index += 1
                }
            } else if starts("<!--", at: index) {
                inComment = true
            } else {
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Sheet {
    /// Each line of the source, by number, with the text of its comments
    /// (notes for editors, never printed) blanked as `outsideComments` does:
    /// what the rules that read words as printed (`other-area`,
    /// `skeleton-text`) read, at the columns of the source.
    var linesOutsideComments: [(number: Int, text: String)] {
        let lines = source.lines
        var inComment = false
        return (1...max(1, lines.lineCount)).map { number in
            (number, OtherAreaRule.outsideComments(String(decoding: lines.lineBytes(number), as: UTF8.self), inComment: &inComment))
        }
    }
}

/// Finds area names in a line of text in one pass: each capitalised word
/// is looked up among the names that start with it, the longest that the
/// following words complete is taken.
struct AreaMatcher: Sendable {
    struct Match: Equatable {
        var area: String
        /// Where the name starts, in UTF-8 bytes from the start of the line.
        var byteOffset: Int
    }

    /// Names (as words) by their first word, longest first.
    private let byFirstWord: [Substring: [(words: [Substring], area: String)]]
    /// Names that are also ordinary English words, capitalised at the start
    /// of a sentence ("Reading the record ...", "Bury ...").
    static let alsoWords: Set<String> = ["Reading", "Bury", "Slough"]

    init(_ areas: [String]) {
        var table: [Substring: [(words: [Substring], area: String)]] = [:]
        for area in areas {
            let words = Self.words(in: area).map(\.word)
            guard let first = words.first else { continue }
            table[first, default: []].append((words, area))
        }
        byFirstWord = table.mapValues { $0.sorted { $0.words.count > $1.words.count } }
    }

    /// The words of `text`: runs of letters, digits, hyphens and apostrophes,
    /// with the UTF-8 offset each starts at and whether a sentence starts there.
    static func words(in text: String) -> [(word: Substring, byteOffset: Int, sentenceStart: Bool)] {
        var result: [(Substring, Int, Bool)] = []
        var start: String.Index?
        var sentenceStart = true
        var index = text.startIndex
        func isWordScalar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "'" || c == "\u{2019}" }
        while index < text.endIndex {
            let c = text[index]
            if isWordScalar(c) {
                if start == nil { start = index }
            } else {
                if let s = start {
                    let word = text[s..<index]
                    // A list's "-" is no word, and does not end a sentence's start.
                    if word.contains(where: { $0.isLetter || $0.isNumber }) {
                        result.append((word, text.utf8.distance(from: text.startIndex, to: s), sentenceStart))
                        sentenceStart = false
                    }
                    start = nil
                }
                // A sentence starts after . ! ? : and after Markdown's line openers.
                if ".!?:#>*|".contains(c) { sentenceStart = true }
            }
            index = text.index(after: index)
        }
        if let s = start { result.append((text[s..<text.endIndex], text.utf8.distance(from: text.startIndex, to: s), sentenceStart)) }
        return result
    }

    func matches(in line: String) -> [Match] {
        let words = Self.words(in: line)
        var found: [Match] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            guard word.word.first?.isUppercase == true, let candidates = byFirstWord[word.word],
                  let hit = candidates.first(where: { candidate in
                      i + candidate.words.count <= words.count
                          && zip(candidate.words, words[i..<i + candidate.words.count]).allSatisfy { $0 == $1.word }
                  }) else {
                i += 1
                continue
            }
            if !(word.sentenceStart && Self.alsoWords.contains(hit.area)) {
                found.append(Match(area: hit.area, byteOffset: word.byteOffset))
            }
            i += hit.words.count
        }
        return found
    }
}
