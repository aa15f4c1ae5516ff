import Foundation
import Testing
@testable import GuidanceKit

/// The learned language judge (issue 28): the Swift tokenizer, encoder and
/// head against the trainer's reference.json, the safetensors reader's
/// errors, and the judge beside the rules in the linter. The encoder's
/// weights come from `make language-model` (make test depends on it); found
/// the way the tool finds them, and a test FAILS when they are missing.
@Suite struct LanguageModelTests {
    static let folder = Support.fixtures.appendingPathComponent("language/model")

    /// The encoder folder as the tool finds it, or a failure saying what to run.
    static func modelFolder() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = LanguageModelLocation.find(environment: environment, executable: LanguageModelLocation.executable) else {
            let searched = LanguageModelLocation.candidates(environment: environment, executable: LanguageModelLocation.executable)
            let paths: [String] = searched.map(\.path)
            Issue.record("the language model is not installed: run `make language-model` (looked in \(paths.joined(separator: ", ")))")
            throw CancellationError()
        }
        return folder
    }

    /// Loaded once for the suite (87 MB of weights).
    static let randomJudge = Result { try LanguageJudge(model: modelFolder(), head: folder.appendingPathComponent("random-head.json")) }
    static let flaggingJudge = Result { try LanguageJudge(model: modelFolder(), head: folder.appendingPathComponent("flag-everything-head.json")) }
    /// Reads every sentence as fine (p(fine) 0.98), with a veto at 0.95.
    static let soundJudge = Result { try LanguageJudge(model: modelFolder(), head: folder.appendingPathComponent("sound-everything-head.json")) }

    struct Reference: Decodable {
        var text: String
        var ids: [Int32]
        /// The encoder layers meanPooled16 is taken after (6 when absent).
        var layers: Int?
        var meanPooled16: [Float]
        var probabilities: [Double]?
    }

    /// The trainer's reference.json (helper A: Hugging Face `tokenizers` and
    /// its own encoder; with the shipped head's probabilities once it has
    /// one), and reference-numpy.json (an independent NumPy forward pass
    /// with random-head.json's probabilities), each with the judge to hold to it.
    static func references() throws -> [(name: String, entries: [Reference], judge: LanguageJudge, head: LanguageHead)] {
        let shipped = try #require(LanguageModelLocation.shippedHead)
        let trained = try LanguageJudge(model: modelFolder(), head: shipped)
        let random = try randomJudge.get()
        return try [("reference.json", trained), ("reference-numpy.json", random)].map { name, judge in
            let entries = try JSONDecoder().decode([Reference].self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            return (name, entries, judge, judge.head)
        }
    }

    @Test func theTokenizerGivesTheReferenceIds() throws {
        for (name, entries, judge, _) in try Self.references() {
            #expect(entries.count >= 8, "\(name)")
            for reference in entries {
                #expect(judge.ids(reference.text) == reference.ids, "\(name): \(reference.text)")
            }
        }
    }

    @Test func theEncoderAndHeadMatchTheReferenceWithin1e3() throws {
        for (name, entries, judge, head) in try Self.references() {
            // The encoder with as many layers as the reference's means were taken after.
            let layers = entries.first?.layers ?? 6
            let encoder = layers == head.layers ? judge
                : try LanguageJudge(model: Self.modelFolder(), head: Self.folder.appendingPathComponent("random-head.json"))
            #expect(encoder.head.layers == layers, "\(name): no head with \(layers) layers to check its means with")
            // Encoded in one batch, as the linter does: sentences must not see each other.
            let outputs = encoder.encode(entries.map(\.text))
            for (reference, tokens) in zip(entries, outputs) {
                let mean = Array(LanguageHead.mean(tokens).prefix(16))
                let worst = zip(mean, reference.meanPooled16).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst < 1e-3, "\(name): mean pooled differs by \(worst): \(reference.text)")
            }
            let withProbabilities = entries.filter { $0.probabilities != nil }
            guard !withProbabilities.isEmpty else { continue }
            #expect(withProbabilities.count == entries.count, "\(name): every entry or none has probabilities")
            for (reference, tokens) in zip(entries, judge.encode(entries.map(\.text))) {
                let expected = reference.probabilities ?? []
                let probabilities = head.probabilities(tokens)
                #expect(probabilities.count == expected.count, "\(name): \(reference.text)")
                let worst = zip(probabilities, expected).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst < 1e-3, "\(name): probabilities \(probabilities) against \(expected): \(reference.text)")
            }
        }
    }

    @Test func aMalformedSafetensorsHeaderNamesTheFile() throws {
        let cases: [(Data, String)] = [
            (Data([1, 2, 3]), "shorter than its 8-byte header length"),
            (Data([200, 0, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8), "header is said to be 200 bytes"),
            (Data([5, 0, 0, 0, 0, 0, 0, 0]) + Data("[1,2]".utf8), "header is not a JSON object"),
            (Data([60, 0, 0, 0, 0, 0, 0, 0]) + Data(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}     "#.utf8),
             "tensor 'a' has data_offsets [0, 16] outside the file"),
        ]
        for (data, expected) in cases {
            #expect(throws: LanguageModelError.self) { try SafeTensors(data: data, file: "/x/model.safetensors") }
            do { _ = try SafeTensors(data: data, file: "/x/model.safetensors") } catch {
                #expect(error.description.hasPrefix("/x/model.safetensors: not a safetensors file"), "\(error)")
                #expect(error.description.contains(expected), "\(error)")
                #expect(error.description.contains("make language-model"), "\(error)")
            }
        }
    }

    /// A record of two paragraphs; the rules flag 'consented' in the second (at 3:5).
    static let record = "The strategy meeting was held on Tuesday.\n\nShe consented to sex with the 30-year-old. He was seen at home."

    /// The record linted by the shipped rules beside `judge`, and the linter.
    static func lintRecord(beside judge: LanguageJudge) -> (findings: [Finding], linter: LanguageLinter) {
        let linter = LanguageLinter(rules: LanguageRuleSet.shipped, judge: judge)
        return (linter.lint(text: record, file: "record.txt"), linter)
    }

    @Test func aSentenceTheRulesMissGetsAModelWarningWithKindAndConfidence() throws {
        let judge = try Self.flaggingJudge.get()
        let (findings, linter) = Self.lintRecord(beside: judge)
        let text = Self.record
        let model = findings.filter { $0.languageRule == "language.model" }
        // The rules flag the second paragraph's first sentence; the model reads the other two.
        #expect(findings.contains { $0.languageRule != "language.model" && $0.location.line == 3 && $0.location.column == 5 })
        #expect(model.map { "\($0.location.line):\($0.location.column)" } == ["1:1", "3:44"], "\(model)")
        for finding in model {
            #expect(finding.severity == .warning && finding.rule == .language)
            #expect(finding.message.contains("reads as minimising (confidence 0.98)"), "\(finding.message)")
            #expect(finding.message.hasSuffix("(language rule model)"))
        }
        // Rules alone: no model finding; model alone: every sentence, no rule finding.
        #expect(!linter.with(judge: judge, judgement: .rules).lint(text: text, file: "record.txt").contains { $0.languageRule == "language.model" })
        let alone = linter.with(judge: judge, judgement: .model).lint(text: text, file: "record.txt")
        #expect(alone.count == 3 && alone.allSatisfy { $0.languageRule == "language.model" }, "\(alone)")
    }

    /// The veto: a rule's finding on a sentence the judge reads as sound, at
    /// or above the head's veto, is shown as a note that says so, in text and
    /// in Markdown, and `--evaluate` counts it as not flagged. The rules
    /// alone, or a judge that reads the sentence as framing, leave it as it was.
    @Test func aRuleFindingOnASentenceTheJudgeReadsAsSoundBecomesANote() throws {
        let judge = try Self.soundJudge.get()
        let (findings, linter) = Self.lintRecord(beside: judge)
        let text = Self.record
        let consented = findings.filter { $0.languageRule == "language.consented" }
        try #require(consented.count == 1, "\(findings)")
        #expect(consented[0].severity == .note)
        #expect("\(consented[0].location.line):\(consented[0].location.column)" == "3:5")
        #expect(consented[0].message.contains("set aside as a note: the learned judge reads this sentence as sound (p(fine) 0.98)"),
                "\(consented[0].message)")
        #expect(consented[0].message.hasSuffix("(language rule consented)"))
        #expect(!findings.contains { $0.languageRule == "language.model" }, "the judge read every sentence as sound")

        let markdown = linter.lint(markdown: "# Notes\n\nShe consented to sex with the 30-year-old.\n", file: "record.md")
        #expect(markdown.filter { $0.languageRule == "language.consented" }.map(\.severity) == [.note], "\(markdown)")

        let labelled = try LanguageEvaluation.read("1\tconsent\tShe consented to sex with the 30-year-old.\n", file: "set.tsv")
        #expect(LanguageEvaluation(file: "set.tsv", sentences: labelled, linter: linter).verdicts == [[]])

        for (name, other) in [("rules alone", linter.with(judge: judge, judgement: .rules)),
                              ("a judge reading it as framing", linter.with(judge: try Self.flaggingJudge.get()))] {
            let kept = other.lint(text: text, file: "record.txt").filter { $0.languageRule == "language.consented" }
            #expect(kept.count == 1 && kept[0].severity != .note && !kept[0].message.contains("set aside"), "\(name): \(kept)")
        }
    }

    /// With several findings, a near-miss and --explain's notes in the same
    /// text, each rule's own finding is the one set aside (not a note beside
    /// it), at its own place, in text and in Markdown; and a sentence longer
    /// than the encoder reads is never set aside.
    @Test func theVetoSetsAsideEachFindingInPlaceAndNeverOnAnUnreadSentence() throws {
        var linter = LanguageLinter(rules: LanguageRuleSet.shipped, judge: try Self.soundJudge.get())
        linter.explaining = true
        let text = "Her uncle chose to download the images. She consented to sex with the 30-year-old.\n\nThe boy is streetwise."
        for (name, findings) in [("text", linter.lint(text: text, file: "record.txt")),
                                 ("markdown", linter.lint(markdown: text, file: "record.md"))] {
            let saysWhy = ["flagged", "not flagged:"]
            let own = findings.filter { finding in !saysWhy.contains { finding.message.hasPrefix($0) } }
            #expect(own.map { "\($0.languageRule ?? "") \($0.location.line):\($0.location.column) \($0.severity)" }
                    == ["language.consented 1:45 note", "language.streetwise 3:12 note"], "\(name): \(own)")
            #expect(own.allSatisfy { $0.message.contains("set aside as a note") }, "\(name)")
            // --explain's notes: the near-miss's as it was; each set-aside finding's says so.
            let why = findings.filter { finding in saysWhy.contains { finding.message.hasPrefix($0) } }
            #expect(why.map { $0.message.prefix(48) } == ["not flagged: language rule chose-to matched 'cho",
                                                         "flagged, then set aside by the learned judge: la",
                                                         "flagged, then set aside by the learned judge: la"], "\(name): \(why)")
            #expect(why.allSatisfy { $0.severity == .note }, "\(name)")
        }
        // 130 words and no full stop before the match: the encoder reads the first 126 tokens.
        let long = (1...130).map { "word\($0)" }.joined(separator: " ") + " and she consented to sex with the 30-year-old."
        let kept = LanguageLinter(rules: LanguageRuleSet.shipped, judge: try Self.soundJudge.get())
            .lint(text: long, file: "record.txt").filter { $0.languageRule == "language.consented" }
        #expect(kept.count == 1 && kept[0].severity == .error, "\(kept)")
    }

    @Test func inASheetTheModelWarningPointsAtTheSentence() throws {
        let judge = try Self.flaggingJudge.get()
        let linter = LanguageLinter(rules: LanguageRuleSet.shipped, judge: judge)
        let markdown = "# Heading\n\nA first sentence here. A *second* one\nruns on.\n"
        let model = linter.lint(markdown: markdown, file: "sheet.md").filter { $0.languageRule == "language.model" }
        #expect(model.map { "\($0.location.line):\($0.location.column)" } == ["1:3", "3:1", "3:24"], "\(model)")
    }

    @Test func withoutTheModelOneNoteAndTheRulesAlone() throws {
        let missing = LanguageModelLocation.load(environment: ["GUIDANCE_LANGUAGE_MODEL": "/nonexistent/model"],
                                                 executable: URL(fileURLWithPath: "/nonexistent/bin/guidance"),
                                                 head: Self.folder.appendingPathComponent("flag-everything-head.json"))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)")
        let (linter, findings) = LintLanguage.linter(root: root, model: missing)
        #expect(findings.count == 1, "\(findings)")
        let note = try #require(findings.first)
        #expect(note.severity == .note && note.languageRule == "language.model")
        #expect(note.message.contains("not installed") && note.message.contains("make language-model"))
        #expect(note.message.contains("/nonexistent/model") && note.message.contains("/usr/lib/guidance/language-model"))
        let lint = LintLanguage.lint(Data("She consented to it. The meeting was on Tuesday.".utf8), name: "r.txt", with: linter)
        #expect(lint.count == 1 && lint[0].languageRule == "language.consented", "\(lint)")
    }

    @Test func lintLanguageTakesWhoJudges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("judge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "She consented to it. The meeting was on Tuesday.\n".write(to: folder.appendingPathComponent("r.txt"), atomically: true, encoding: .utf8)
        let rules = try Support.guidance(["lint-language", "--judge", "rules", "--format", "json", "r.txt"], in: folder)
        #expect(rules.status == 1 && rules.stdout.contains("\"language.consented\"") && !rules.stdout.contains("language.model"),
                "\(rules.stdout)\(rules.stderr)")
        // The model alone: no rule's finding, whatever the rules say.
        let model = try Support.guidance(["lint-language", "--judge", "model", "--format", "json", "r.txt"], in: folder)
        #expect(model.status != 64 && !model.stdout.contains("language.consented"), "\(model.stdout)\(model.stderr)")
    }

    /// A format-2 head's adapter (W + B A on named encoder weights) changes
    /// what the encoder gives, by exactly its product (B zero: nothing), and
    /// a head whose adapter does not fit names itself and says why.
    @Test func aHeadsAdapterChangesTheEncoderAndAnAdapterThatDoesNotFitNamesTheFile() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let random = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("random-head.json"))) as! [String: Any]
        let query = "encoder.layer.0.attention.self.query.weight"
        func head(format: Int = 2, name: String = query, a: [[Double]], b: [[Double]]) throws -> URL {
            var file = random
            file["format"] = format
            file["adapter"] = ["rank": a.count, "matrices": [name: ["A": a, "B": b]]]
            let url = folder.appendingPathComponent("head-\(UUID().uuidString).json")
            try JSONSerialization.data(withJSONObject: file).write(to: url)
            return url
        }
        let unit = [(0..<384).map { $0 == 0 ? 1.0 : 0.0 }]  // A: reads the first input
        let sentence = ["The girl was seen at the address by staff."]
        let plain = try Self.randomJudge.get().encode(sentence)[0]
        let none = try LanguageJudge(model: Self.modelFolder(), head: head(a: unit, b: Array(repeating: [0.0], count: 384)))
        #expect(none.head.adapter?.changes.count == 1)
        #expect(none.encode(sentence)[0] == plain, "an adapter whose B is zero changes nothing")
        let some = try LanguageJudge(model: Self.modelFolder(), head: head(a: unit, b: Array(repeating: [0.5], count: 384)))
        let changed = some.encode(sentence)[0]
        let moved = zip(changed, plain).map { abs($0 - $1) }.max() ?? 0
        #expect(moved > 0.01, "the adapter moved the outputs by only \(moved)")
        // The same change through the tool's own reading of the weights, by hand.
        let tensors = try SafeTensors(contentsOf: Self.modelFolder().appendingPathComponent("model.safetensors"))
        var weights = try tensors.tensor(query, shape: [384, 384])
        for row in 0..<384 { weights[row * 384] += 0.5 }
        let encoder = try MiniLMEncoder(tensors, layers: 6, adapter: some.head.adapter)
        #expect(Array(encoder.layers[0].qkv.prefix(384 * 384)) == weights)
        #expect(encoder.encode(sentence.map(some.ids))[0] == changed)

        let cases: [(URL, String)] = [
            (try head(name: "encoder.layer.7.attention.self.query.weight", a: unit, b: Array(repeating: [0.5], count: 384)),
             "is not a weight of the encoder's first 6 layers"),
            (try head(a: [[1, 2, 3]], b: Array(repeating: [0.5], count: 384)), "does not fit its shape [384, 384]"),
            (try head(a: unit, b: [[0.5, 0.5]]), "B rows of 1 values (rank 1)"),
            (try head(format: 1, a: unit, b: Array(repeating: [0.5], count: 384)), "format 2 has an adapter and format 1 none"),
        ]
        for (url, expected) in cases {
            do {
                _ = try LanguageJudge(model: Self.modelFolder(), head: url)
                Issue.record("\(expected): loaded")
            } catch {
                let said = String(describing: error)
                #expect(said.contains(expected), "\(said)")
                #expect(said.hasPrefix(url.path + ": "), "\(said)")
            }
        }
    }

    @Test func theModelIsLookedForWhereTheToolSays() {
        let folders = LanguageModelLocation.candidates(environment: ["GUIDANCE_LANGUAGE_MODEL": "/opt/m"],
                                                       executable: URL(fileURLWithPath: "/p/.build/x86_64-unknown-linux-gnu/debug/guidance"))
        #expect(folders.map(\.path) == ["/opt/m", "/usr/lib/guidance/language-model",
                                        "/p/.build/x86_64-unknown-linux-gnu/debug/language-model",
                                        "/p/.build/x86_64-unknown-linux-gnu/language-model", "/p/.build/language-model"])
    }
}
