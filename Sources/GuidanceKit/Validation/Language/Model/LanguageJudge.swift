import CBLAS
import Foundation
import Synchronization

/// The learned language judge of issue 28: all-MiniLM-L6-v2's encoder (from
/// `make language-model`, not committed) under a small trained head
/// (`language-head.json`, committed), which reads a whole sentence and says
/// whether it implies consent, choice or blame, minimises, doubts or labels
/// the child, and how sure it is. It runs beside the rules (LanguageLinter).
package final class LanguageJudge: Sendable {
    package struct Verdict: Sendable, Hashable {
        /// 1 - p(fine).
        package var probability: Double
        /// The most likely kind of framing other than "fine".
        package var kind: String
        package var flagged: Bool
    }

    let tokenizer: WordPieceTokenizer
    let encoder: MiniLMEncoder
    let head: LanguageHead
    /// The folder the encoder was read from.
    package let folder: URL
    /// Verdicts by sentence, for the run: records repeat their boilerplate.
    private let cache = Mutex<[String: Verdict]>([:])

    /// Loads the encoder from `folder` (model.safetensors, tokenizer.json) and the head file.
    package init(model folder: URL, head: URL) throws(LanguageModelError) {
        let head = try LanguageHead(contentsOf: head)
        self.head = head
        self.folder = folder
        tokenizer = try WordPieceTokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        let tensors = try SafeTensors(contentsOf: folder.appendingPathComponent("model.safetensors"))
        encoder = try MiniLMEncoder(tensors, layers: head.layers, adapter: head.adapter)
        // Sentences are shared out between the cores in batches (concurrentMap);
        // BLAS threads of its own on top would only contend with them.
        openblas_set_num_threads(1)
    }

    package var threshold: Double { head.threshold }
    /// A rule's finding on a sentence read as fine with at least this p(fine)
    /// becomes a note (the head's choice; none for a head without one).
    package var veto: Double? { head.veto }

    /// Sentences judged at a time by one core: enough tokens for the matrix
    /// products to run at BLAS speed, few enough for both cores to get work.
    static let batchSize = 32

    /// The verdict on each sentence, in order.
    package func judge(_ sentences: [String]) -> [Verdict] {
        let known = cache.withLock { cache in sentences.map { cache[$0] } }
        var todo: [String] = []
        var seen: Set<String> = []
        for (sentence, verdict) in zip(sentences, known) where verdict == nil && seen.insert(sentence).inserted {
            todo.append(sentence)
        }
        if !todo.isEmpty {
            let batches = stride(from: 0, to: todo.count, by: Self.batchSize).map { Array(todo[$0..<min($0 + Self.batchSize, todo.count)]) }
            let judged = batches.concurrentMap { [self] batch in zip(batch, probabilities(batch).map(verdict)).map { ($0, $1) } }
            cache.withLock { cache in for (sentence, verdict) in judged.joined() { cache[sentence] = verdict } }
        }
        return cache.withLock { cache in sentences.map { cache[$0]! } }
    }

    private func verdict(_ probabilities: [Double]) -> Verdict {
        let probability = 1 - probabilities[0]
        let kind = probabilities.indices.dropFirst().max { probabilities[$0] < probabilities[$1] }.map { head.classes[$0] } ?? ""
        return Verdict(probability: probability, kind: kind, flagged: probability >= head.threshold)
    }

    /// Class probabilities for a batch (as reference.json gives them).
    func probabilities(_ sentences: [String]) -> [[Double]] {
        encode(sentences).map(head.probabilities)
    }

    /// Token ids as the encoder sees them.
    func ids(_ sentence: String) -> [Int32] { tokenizer.ids(sentence, maxTokens: head.maxTokens) }

    /// Whether the encoder reads the whole sentence (a longer one is judged on
    /// its first `maxTokens`, so a verdict on it says nothing of the rest).
    package func readsWhole(_ sentence: String) -> Bool {
        tokenizer.ids(sentence, maxTokens: head.maxTokens + 1).count <= head.maxTokens
    }

    /// The encoder's token outputs for each sentence (rows of 384).
    func encode(_ sentences: [String]) -> [[Float]] {
        encoder.encode(sentences.map(ids))
    }
}

/// Where the encoder is found at run time, in order: the folder
/// `GUIDANCE_LANGUAGE_MODEL` names, the Debian package's
/// /usr/lib/guidance/language-model, then `language-model` beside a build
/// tree the running program is in (.build/debug/guidance finds
/// .build/language-model, where `make language-model` puts it).
package enum LanguageModelLocation {
    package static let variable = "GUIDANCE_LANGUAGE_MODEL"
    package static let installed = "/usr/lib/guidance/language-model"

    /// Every folder looked in, in order.
    package static func candidates(environment: [String: String], executable: URL?) -> [URL] {
        var folders: [URL] = []
        if let named = environment[variable], !named.isEmpty { folders.append(URL(fileURLWithPath: named)) }
        folders.append(URL(fileURLWithPath: installed))
        // The program's real path (.build/x86_64-unknown-linux-gnu/debug/guidance):
        // its folder and the two above it, where a build tree keeps language-model.
        var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            guard let current = folder, current.path != "/" else { break }
            folders.append(current.appendingPathComponent("language-model"))
            folder = current.deletingLastPathComponent()
        }
        return folders
    }

    /// The first folder that holds the encoder's weights, or nil.
    package static func find(environment: [String: String], executable: URL?) -> URL? {
        candidates(environment: environment, executable: executable).first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("model.safetensors").path)
        }
    }

    /// This process's program: /proc/self/exe (the real file, wherever it was run from).
    package static var executable: URL? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map(URL.init(fileURLWithPath:))
            ?? CommandLine.arguments.first.map(URL.init(fileURLWithPath:))
    }

    /// The head the tool ships (trained in issue 28).
    package static var shippedHead: URL? { Bundle.module.url(forResource: "language-head", withExtension: "json") }

    /// The judge for this process, loaded once, or the note saying why there is none.
    package static let shared: Result<LanguageJudge, LanguageModelNote> = load(
        environment: ProcessInfo.processInfo.environment, executable: executable, head: shippedHead)

    package static func load(environment: [String: String], executable: URL?, head: URL?) -> Result<LanguageJudge, LanguageModelNote> {
        let searched = candidates(environment: environment, executable: executable)
        guard let folder = find(environment: environment, executable: executable) else {
            return .failure(LanguageModelNote(message: "the language model is not installed, so the language rules ran alone: "
                + "looked for model.safetensors in " + searched.map(\.path).joined(separator: ", ")
                + "; run `make language-model` in the project (or install the guidance package), "
                + "or set \(variable) to a folder holding it"))
        }
        guard let head else {
            return .failure(LanguageModelNote(message: "the language model's head (language-head.json) is missing from the "
                + "tool's resources, so the language rules ran alone; rebuild the tool"))
        }
        do { return .success(try LanguageJudge(model: folder, head: head)) } catch {
            return .failure(LanguageModelNote(message: "the language model could not be loaded, so the language rules ran alone: "
                + "\(error)"))
        }
    }
}

/// Why the judge is not running: said once per run, as a note (never an
/// error: the rules still run, and nothing is wrong with the input).
package struct LanguageModelNote: Error, Sendable, Hashable {
    package var message: String
    /// What the note is reported against: no file of the input is at fault.
    package static let file = "language-model"

    package func finding(file: String) -> Finding {
        Finding(.note, .language, at: SourceLocation(file: file, line: 1, column: 1), message, languageRule: "language.model")
    }
}
