/// Turns language matches into findings, for sheets and for any text.
///
/// An intentional mention is allowed with a marker, visible in the source and
/// never in the output:
///
///     <!-- language: allow -->        on a line of its own, opens a passage
///     <!-- /language -->              closes it
///     A sentence. <!-- language: allow -->   allows that paragraph, item or line
package struct LanguageLinter: Sendable {
    let matcher: LanguageMatcher
    /// Findings come with notes saying why (`lint-language --explain`): for each
    /// finding and each near-miss (a match a fact about the sentence excused),
    /// the rule, the pattern that matched and the fact that decided.
    package var explaining = false
    /// The learned judge (issue 28), when its model is installed: it reads
    /// the sentences the rules do not flag, and with `both` checks the rules'
    /// own findings against its veto (docs/language-model.md).
    package private(set) var judge: LanguageJudge?
    package private(set) var judgement: LanguageJudgement

    init(rules: [LanguageRule], judge: LanguageJudge? = nil, judgement: LanguageJudgement = .both) {
        matcher = LanguageMatcher(rules: rules)
        self.judge = judgement == .rules ? nil : judge
        self.judgement = judgement
    }

    /// The same rules with another judge or judgement.
    package func with(judge: LanguageJudge?, judgement: LanguageJudgement = .both) -> LanguageLinter {
        var copy = self
        copy.judge = judgement == .rules ? nil : judge
        copy.judgement = judgement
        return copy
    }

    enum Marker { case open, close, inline }

    /// The allow marker a piece of HTML or a line is, if any.
    static func marker(in text: String) -> Marker? {
        // Most lines hold no comment at all: skip the marker reading for them.
        guard containsCommentOpener(text) else { return nil }
        switch CommentMarker.parse(text) {
        case .open(let name, let value) where name == "language" && value == "allow": return .open
        case .close(let name) where name == "language": return .close
        default: break
        }
        if case .open(let name, let value) = CommentMarker.trailing(text), name == "language", value == "allow" { return .inline }
        return nil
    }

    private static func containsCommentOpener(_ text: String) -> Bool {
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-"), previous == (UInt8(ascii: "<"), UInt8(ascii: "!"), UInt8(ascii: "-")) { return true }
            previous = (previous.1, previous.2, byte)
        }
        return false
    }


    /// A rule's finding; a note instead when the learned judge read the whole
    /// sentence as sound with `sound` (its p(fine)) at or above its veto.
    func finding(_ match: LanguageMatcher.Match, at location: SourceLocation, sound: Double? = nil) -> Finding {
        let rule = match.rule
        var message = "'\(match.text)': \(rule.message)"
        if !rule.alternatives.isEmpty {
            message += "; instead: " + rule.alternatives.map { "\"\($0)\"" }.joined(separator: " or ")
        }
        if let sound {
            message += "; set aside as a note: the learned judge reads this sentence as sound (p(fine) "
                + String(format: "%.2f", sound) + "), as when a sentence reports or rejects the framing; if it does not, reword it"
        }
        message += " (language rule \(rule.id))"
        return Finding(sound == nil ? rule.severity : .note, .language, at: location, message, suggestion: rule.alternatives.first,
                       languageRule: "language.\(rule.id)", languageFact: match.fact.rawValue)
    }

    /// The finding of a match, and when explaining a note saying why; a near-miss's note alone.
    /// With `sound`, the finding set aside by the judge's veto, and the note says so.
    func findings(_ match: LanguageMatcher.Match, at location: SourceLocation, sound: Double? = nil) -> [Finding] {
        guard explaining else { return match.excused ? [] : [finding(match, at: location, sound: sound)] }
        let rule = match.rule
        let verdict = match.excused ? "not flagged: " : sound == nil ? "flagged: " : "flagged, then set aside by the learned judge: "
        let why = verdict + "language rule \(rule.id) matched '\(match.text)' with the pattern \"\(rule.patterns[match.pattern])\"; "
            + "\(match.fact.explanation) [\(match.fact.rawValue)]"
        let note = Finding(.note, .language, at: location, why, languageRule: "language.\(rule.id)", languageFact: match.fact.rawValue)
        return match.excused ? [note] : [finding(match, at: location, sound: sound), note]
    }

    // MARK: Plain text (case records)

    /// Lints text as written (a record exported as plain text): positions are exact.
    func lint(text: String, file: String) -> [Finding] {
        var findings: [Finding] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var allowed = false
        // Paragraphs (runs of non-blank lines) are searched whole, so a phrase
        // broken across lines is still found; offsets map back to line and column.
        var paragraph = String.UnicodeScalarView()
        var paragraphLength = 0  // counted as we go: the view's count is not O(1)
        var origins: [(offset: Int, line: Int)] = []
        var pending: [PendingSentence] = []
        var ruled: [RuledSentence] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            // The line and column of an offset: the last line that starts at or before it (origins are in order).
            func location(_ offset: Int) -> SourceLocation {
                var low = 0, high = origins.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if origins[middle].offset <= offset { low = middle } else { high = middle - 1 }
                }
                let origin = origins.isEmpty ? (offset: 0, line: 1) : origins[low]
                return SourceLocation(file: file, line: origin.line, column: offset - origin.offset + 1)
            }
            let text = String(paragraph)
            let matches = judgement == .model ? [] : matcher.matches(in: text, nearMisses: explaining)
            // The paragraph cut into sentences once, for the judge and its veto.
            let spans = judge != nil ? sentenceSpans(text) : []
            let sentences = vetoing ? sentences(of: matches, in: spans) : []
            for (number, match) in matches.enumerated() {
                if vetoing, !match.excused {
                    ruled.append(RuledSentence(index: findings.count, match: match, location: location(match.range.lowerBound),
                                               sentence: sentences[number]))
                }
                findings += self.findings(match, at: location(match.range.lowerBound))
            }
            if judge != nil {
                let flagged = matches.filter { !$0.excused }.map(\.range.lowerBound)
                for (sentence, start) in unflaggedSentences(spans, flaggedAt: flagged) {
                    pending.append(PendingSentence(text: sentence, location: location(start)))
                }
            }
            paragraph = String.UnicodeScalarView()
            paragraphLength = 0
            origins = []
        }
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            switch Self.marker(in: String(line)) {
            case .open: flush(); allowed = true; continue
            case .close: flush(); allowed = false; continue
            case .inline: continue
            case nil: break
            }
            if allowed { continue }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { flush(); continue }
            if paragraphLength > 0 { paragraph.append("\n"); paragraphLength += 1 }
            origins.append((paragraphLength, index + 1))
            for scalar in line.unicodeScalars { paragraph.append(scalar); paragraphLength += 1 }
        }
        flush()
        return vetoed(findings, ruled) + judged(pending)
    }

    // MARK: The learned judge

    /// A sentence the rules did not flag, for the judge, and where it starts.
    struct PendingSentence {
        var text: String
        var location: SourceLocation
    }

    /// A rule's finding (at `index` of the findings) and its sentence, for the veto.
    struct RuledSentence {
        var index: Int
        var match: LanguageMatcher.Match
        var location: SourceLocation
        var sentence: String
    }

    /// Whether the judge checks the rules' findings: both judge, and its head has a veto.
    var vetoing: Bool { judgement == .both && judge?.veto != nil }

    /// A rule's finding on a sentence the judge reads as fine with at least
    /// its veto's p(fine) becomes a note: on 11,000 sentences from fifty-five
    /// writers the rules never saw, that made notes of 7 true findings and of
    /// 166 false alarms (docs/language-model.md, the third to seventh trainings).
    /// A sentence longer than the encoder reads (a paragraph with no full
    /// stop) is never set aside: its verdict may not have seen the match.
    func vetoed(_ findings: [Finding], _ ruled: [RuledSentence]) -> [Finding] {
        guard vetoing, let judge, let veto = judge.veto else { return findings }
        let ruled = ruled.filter { judge.readsWhole($0.sentence) }
        guard !ruled.isEmpty else { return findings }
        var result = findings
        for (item, verdict) in zip(ruled, judge.judge(ruled.map(\.sentence))) where 1 - verdict.probability >= veto {
            // The match's findings made again, set aside (with --explain, its note too): as many, in place.
            let setAside = self.findings(item.match, at: item.location, sound: 1 - verdict.probability)
            result.replaceSubrange(item.index..<item.index + setAside.count, with: setAside)
        }
        return result
    }

    /// The sentence each match starts in (matches earliest first), of a
    /// paragraph's sentences (`sentenceSpans`).
    func sentences(of matches: [LanguageMatcher.Match], in spans: [SentenceSpan]) -> [String] {
        var span = 0
        return matches.map { match in
            while span + 1 < spans.count, spans[span].range.upperBound <= match.range.lowerBound { span += 1 }
            return spans[span].text
        }
    }

    /// The sentences of a paragraph that no rule matched in (all of them when
    /// only the model judges), with their offsets in Unicode scalars. A
    /// sentence ends at `.`, `!` or `?` (and any closing quotes or brackets
    /// after it) followed by white space, or at the end.
    func unflaggedSentences(_ spans: [SentenceSpan], flaggedAt offsets: [Int]) -> [(String, Int)] {
        var flagged = offsets.sorted()[...]
        return spans.compactMap { span in
            var hit = false
            while let next = flagged.first, next < span.range.upperBound {
                flagged.removeFirst()
                if next >= span.range.lowerBound { hit = true }
            }
            // A sentence with no letter (a number, a dash) says nothing to judge.
            guard !hit, span.hasLetter else { return nil }
            return (span.text, span.first)
        }
    }

    /// A paragraph's sentences in order: the scalars each covers (from the end
    /// of the one before), where its first non-space scalar is, and its text.
    typealias SentenceSpan = (range: Range<Int>, first: Int, text: String, hasLetter: Bool)

    func sentenceSpans(_ text: String) -> [SentenceSpan] {
        let scalars = Array(text.unicodeScalars)
        var result: [SentenceSpan] = []
        var start = 0
        func emit(_ end: Int) {
            var first = start
            while first < end, scalars[first].properties.isWhitespace { first += 1 }
            let words = String(String.UnicodeScalarView(scalars[first..<end])).trimmingCharacters(in: .whitespacesAndNewlines)
            result.append((start..<end, first, words, scalars[first..<end].contains { $0.properties.isAlphabetic }))
            start = end
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "." || scalar == "!" || scalar == "?" else { continue }
            while index < scalars.count, "\"'”’)]".unicodeScalars.contains(scalars[index]) { index += 1 }
            if index == scalars.count || scalars[index].properties.isWhitespace { emit(index) }
        }
        if start < scalars.count { emit(scalars.count) }
        return result
    }

    /// The judge's warnings on the sentences the rules left.
    func judged(_ pending: [PendingSentence]) -> [Finding] {
        guard let judge, !pending.isEmpty else { return [] }
        return zip(pending, judge.judge(pending.map(\.text))).compactMap { sentence, verdict in
            verdict.flagged ? modelFinding(verdict, sentence: sentence.text, at: sentence.location) : nil
        }
    }

    func modelFinding(_ verdict: LanguageJudge.Verdict, sentence: String, at location: SourceLocation) -> Finding {
        let excerpt = sentence.count > 80 ? sentence.prefix(77) + "..." : Substring(sentence)
        let message = "'\(excerpt)' reads as \(verdict.kind) (confidence \(String(format: "%.2f", verdict.probability))), "
            + "a learned judgement, not a rule: reword it if it implies consent, choice or blame, minimises, doubts or labels the child; "
            + "if the sentence reports or corrects that framing, leave it (language rule model)"
        return Finding(.warning, .language, at: location, message, languageRule: "language.model")
    }

    /// Makes the judge read these texts' sentences in batches, on every core,
    /// before they are linted one at a time (`--evaluate`): each is then a look-up.
    package func prepare(_ texts: [String]) {
        guard let judge else { return }
        _ = judge.judge(texts.flatMap { text in
            // With the veto, the sentences the rules flag are judged too.
            vetoing ? sentenceSpans(text).filter(\.hasLetter).map(\.text)
                : unflaggedSentences(sentenceSpans(text), flaggedAt: judgement == .model ? [] : matcher.matches(in: text).map(\.range.lowerBound)).map(\.0)
        })
    }

    // MARK: Sheets

    /// Lints the resolved tree of a sheet: every paragraph, heading, list item,
    /// link text and contact name, outside allowed passages.
    func lint(sheet: Sheet) -> [Finding] {
        lint(document: sheet.document, source: sheet.source)
    }

    /// Lints a Markdown record (front matter, if any, is skipped).
    func lint(markdown: String, file: String) -> [Finding] {
        let body = FrontMatter.split(markdown).map { $0.closed ? $0.body : markdown } ?? markdown
        return lint(document: CommonMark.parse(body, file: file), source: SourceText(file: file, text: body))
    }

    func lint(document: Markup, source: SourceText) -> [Finding] {
        var findings: [Finding] = []
        var forJudge = ForJudge()
        lintBlocks(document.children, source: source, into: &findings, forJudge: &forJudge)
        return vetoed(findings, forJudge.ruled) + judged(forJudge.pending)
    }

    /// What a document's blocks leave for the judge: sentences no rule
    /// flagged, and the rules' findings with their sentences (for the veto).
    struct ForJudge {
        var pending: [PendingSentence] = []
        var ruled: [RuledSentence] = []
    }

    private func lintBlocks(_ blocks: [Markup], source: SourceText, into findings: inout [Finding],
                            forJudge: inout ForJudge) {
        var allowed = false
        for block in blocks {
            if case .htmlBlock(let html) = block.kind {
                switch Self.marker(in: html) {
                case .open: allowed = true
                case .close: allowed = false
                default: break
                }
                continue
            }
            if allowed || endsWithAllowMarker(block) { continue }
            switch block.kind {
            case .paragraph, .heading:
                lintText(block, source: source, into: &findings, forJudge: &forJudge)
            case .codeBlock, .thematicBreak, .htmlBlock:
                continue
            default:
                lintBlocks(block.children, source: source, into: &findings, forJudge: &forJudge)
            }
        }
    }

    private func endsWithAllowMarker(_ block: Markup) -> Bool {
        var node = block
        while let last = node.children.last {
            if case .htmlInline(let html) = last.kind { return Self.marker(in: html) == .open }
            if case .htmlBlock(let html) = last.kind { return Self.marker(in: html) == .open }
            guard last.isBlock else { return false }
            node = last
        }
        return false
    }

    /// A piece of a block's prose: where it starts in the block's text and in the file.
    private struct Segment {
        var offset: Int
        var start: SourceLocation?
        /// A contact's text is not in the source as written: point at its placeholder.
        var isContact: Bool
    }

    private func lintText(_ block: Markup, source: SourceText, into findings: inout [Finding],
                          forJudge: inout ForJudge) {
        var text = String.UnicodeScalarView()
        var length = 0  // counted as we go: the view's count is not O(1)
        var segments: [Segment] = []
        func collect(_ node: Markup) {
            switch node.kind {
            case .text(let value):
                segments.append(Segment(offset: length, start: node.start, isContact: false))
                for scalar in value.unicodeScalars { text.append(scalar); length += 1 }
            case .contact(let value):
                segments.append(Segment(offset: length, start: node.start, isContact: true))
                for scalar in value.displayText.unicodeScalars { text.append(scalar); length += 1 }
            case .softBreak, .lineBreak:
                text.append(" "); length += 1
            case .code:
                text.append(" "); length += 1  // code shows text as written; it is not prose
            case .htmlInline:
                break
            default:
                node.children.forEach(collect)
            }
        }
        block.children.forEach(collect)
        let blockStart = block.start ?? SourceLocation(file: source.file, line: 1, column: 1)
        // Matches come earliest first, so the segment of each is found by
        // walking forward, and each is looked for in the source from where the
        // one before it in the same segment was found, not from the segment's start.
        var next = 0  // the first segment that starts after the match
        var searchFrom: SourceLocation?
        var notFound: Set<String> = []  // not in the source after `searchFrom`
        let plain = String(text)
        let matches = judgement == .model ? [] : matcher.matches(in: plain, nearMisses: explaining)
        // The block's text cut into sentences once, for the judge and its veto.
        let spans = judge != nil ? sentenceSpans(plain) : []
        if judge != nil {
            // Each sentence the rules left, placed at its first word (looked for
            // from the start of the piece of text it begins in).
            // A sentence in the same piece as the one before is looked for after it.
            var previous: (segment: Int, location: SourceLocation)?
            for (sentence, start) in unflaggedSentences(spans, flaggedAt: matches.filter { !$0.excused }.map(\.range.lowerBound)) {
                let index = segments.lastIndex { $0.offset <= start }
                let segment = index.map { segments[$0] }
                var from = segment?.start ?? blockStart
                if let previous, previous.segment == index {
                    from = SourceLocation(file: from.file, line: previous.location.line, column: previous.location.column + 1)
                }
                let firstWord = sentence.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
                let location = segment?.isContact == true ? from
                    : source.find(firstWord, from: from, within: block.range, wordStart: true) ?? from
                previous = index.map { ($0, location) }
                forJudge.pending.append(PendingSentence(text: sentence, location: location))
            }
        }
        let sentences = vetoing ? sentences(of: matches, in: spans) : []
        for (number, match) in matches.enumerated() {
            let before = next
            while next < segments.count, segments[next].offset <= match.range.lowerBound { next += 1 }
            let segment = next > 0 ? segments[next - 1] : nil
            if next != before || searchFrom == nil {
                searchFrom = segment?.start ?? blockStart
                notFound = []
            }
            let from = searchFrom ?? blockStart
            let location: SourceLocation
            let key = match.text.lowercased()
            if segment?.isContact == true {
                location = segment?.start ?? blockStart
            } else if !notFound.contains(key),
                      let found = source.find(match.text, from: from, within: block.range) {
                location = found
                searchFrom = found
            } else {
                location = from
                notFound.insert(key)
            }
            if vetoing, !match.excused {
                forJudge.ruled.append(RuledSentence(index: findings.count, match: match, location: location, sentence: sentences[number]))
            }
            findings += self.findings(match, at: location)
        }
    }
}

/// The `language` rule over every sheet, with the partnership's overrides.
struct LanguageSheetRule: Rule {
    init() {}

    /// The matcher for the shipped rules, built once (building one compiles
    /// every pattern).
    ///
    /// The rules alone: the learned judge (lint-language's) is not run on
    /// sheets. Trained on case-record sentences, its head (issue 28) warned
    /// on 26 sentences of the shipped sheets, all sound ("Don't promise to
    /// keep it secret: you cannot.", "Ring MASH yourself.", the contacts'
    /// lines): a sheet's imperatives and contact lines are not the register
    /// it learnt. The linter takes a judge (`lint(sheet:)` uses it) once a
    /// head passes on the sheets.
    static let shippedLinter = LanguageLinter(rules: LanguageRuleSet.shipped)

    func check(_ context: ValidationContext) -> [Finding] {
        let (rules, findings) = LanguageRuleSet.effective(context.project.configuration.language)
        let linter = rules == LanguageRuleSet.shipped ? Self.shippedLinter : LanguageLinter(rules: rules)
        return findings + context.project.sheets.concurrentMap { linter.lint(sheet: $0) }.flatMap { $0 }
    }
}

/// Who judges a sentence in `lint-language --judge`: the rules, the learned
/// model, or both (the model reads what the rules do not flag, and sets aside
/// as a note a rule's finding on a sentence it reads as sound: its veto).
package enum LanguageJudgement: String, Sendable, CaseIterable {
    case rules, model, both
}
