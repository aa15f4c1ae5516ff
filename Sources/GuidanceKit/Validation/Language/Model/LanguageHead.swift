import CBLAS
import Foundation

/// The trained head over the encoder's token outputs (issue 28, docs/language-model.md):
/// attention pooling with one query vector beside the mean, one hidden ReLU
/// layer, a softmax over the kinds of framing (`classes[0]` is "fine").
struct LanguageHead: Sendable {
    var layers: Int
    var maxTokens: Int
    var classes: [String]
    var query: [Float]
    var hidden: Int
    var w1: [Float], b1: [Float]
    var w2: [Float], b2: [Float]
    var threshold: Double
    /// A rule's finding on a sentence the head reads as fine with at least
    /// this p(fine) becomes a note (none when the file names no veto).
    var veto: Double?
    /// The low-rank change to the encoder's weights trained with the head
    /// (format 2; none in format 1): the encoder adds it when it loads.
    var adapter: Adapter?

    /// Weight name (as in model.safetensors) -> W + B A, with A (rank x inputs)
    /// and B (outputs x rank), row after row.
    struct Adapter: Sendable, Equatable {
        struct Change: Sendable, Equatable {
            var rank: Int
            var a: [Float], b: [Float]
            /// B A, (outputs x inputs) row after row.
            var product: [Float] {
                let inputs = a.count / rank, outputs = b.count / rank
                var result = [Float](repeating: 0, count: outputs * inputs)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outputs), Int32(inputs), Int32(rank),
                            1, b, Int32(rank), a, Int32(inputs), 0, &result, Int32(inputs))
                return result
            }
        }
        var changes: [String: Change]
        /// The head file, which an adapter that does not fit the encoder is reported against.
        var file: String
    }

    private struct File: Decodable {
        var format: Int
        var layers: Int
        var maxTokens: Int
        var classes: [String]
        var query: [Float]
        var w1: [[Float]], b1: [Float]
        var w2: [[Float]], b2: [Float]
        var threshold: Double
        var veto: Double?
        var adapter: AdapterFile?
    }

    private struct AdapterFile: Decodable {
        struct Matrices: Decodable { var A: [[Float]], B: [[Float]] }
        var rank: Int
        var matrices: [String: Matrices]
    }

    init(contentsOf url: URL) throws(LanguageModelError) {
        guard let data = try? Data(contentsOf: url) else {
            throw LanguageModelError(file: url.path, message: "cannot be read")
        }
        try self.init(data: data, file: url.path)
    }

    init(data: Data, file: String) throws(LanguageModelError) {
        func fail(_ message: String) -> LanguageModelError { LanguageModelError(file: file, message: message) }
        let head: File
        do { head = try JSONDecoder().decode(File.self, from: data) } catch {
            throw fail("is not a language head file (format 1, docs/language-model.md): \(error)")
        }
        let d = MiniLMEncoder.hidden
        let h = head.b1.count, c = head.classes.count
        guard head.format == 1 || head.format == 2 else { throw fail("has format \(head.format); this tool reads formats 1 and 2") }
        guard (head.adapter != nil) == (head.format == 2) else {
            throw fail("format 2 has an adapter and format 1 none; this file has format \(head.format) and \(head.adapter == nil ? "none" : "one")")
        }
        guard c >= 2, head.classes.first == "fine" else { throw fail("classes must start with \"fine\" and name at least one kind") }
        guard head.query.count == d else { throw fail("query has \(head.query.count) values, expected \(d)") }
        guard head.w1.count == h, head.w1.allSatisfy({ $0.count == 2 * d }) else { throw fail("w1 must be \(h) rows of \(2 * d)") }
        guard head.w2.count == c, head.w2.allSatisfy({ $0.count == h }), head.b2.count == c else {
            throw fail("w2 must be \(c) rows of \(h) and b2 \(c) values, one per class")
        }
        guard (1...6).contains(head.layers), (2...512).contains(head.maxTokens) else {
            throw fail("layers must be 1 to 6 and maxTokens 2 to 512")
        }
        if let veto = head.veto, !(0.5...1).contains(veto) { throw fail("veto must be between 0.5 and 1 (a p(fine))") }
        if let adapterFile = head.adapter {
            let r = adapterFile.rank
            guard r >= 1 else { throw fail("adapter rank must be at least 1") }
            var changes: [String: Adapter.Change] = [:]
            for (name, matrices) in adapterFile.matrices.sorted(by: { $0.key < $1.key }) {
                guard matrices.A.count == r, let inputs = matrices.A.first?.count, inputs > 0,
                      matrices.A.allSatisfy({ $0.count == inputs }), !matrices.B.isEmpty, matrices.B.allSatisfy({ $0.count == r }) else {
                    throw fail("adapter '\(name)': A must be \(r) rows of equal length and B rows of \(r) values (rank \(r))")
                }
                changes[name] = Adapter.Change(rank: r, a: matrices.A.flatMap { $0 }, b: matrices.B.flatMap { $0 })
            }
            adapter = Adapter(changes: changes, file: file)
        }
        layers = head.layers
        maxTokens = head.maxTokens
        classes = head.classes
        query = head.query
        hidden = h
        w1 = head.w1.flatMap { $0 }
        b1 = head.b1
        w2 = head.w2.flatMap { $0 }
        b2 = head.b2
        threshold = head.threshold
        veto = head.veto
    }

    /// Mean of the token outputs (rows of 384), as reference.json gives its first 16.
    static func mean(_ tokens: [Float]) -> [Float] {
        let d = MiniLMEncoder.hidden, t = tokens.count / d
        var mean = [Float](repeating: 0, count: d)
        for r in 0..<t { for i in 0..<d { mean[i] += tokens[r * d + i] } }
        return mean.map { $0 / Float(max(t, 1)) }
    }

    /// The class probabilities for one sentence's token outputs.
    func probabilities(_ tokens: [Float]) -> [Double] {
        let d = MiniLMEncoder.hidden, t = tokens.count / d
        guard t > 0 else { return [1] + Array(repeating: 0, count: classes.count - 1) }
        // Attention pooling: a softmax over the tokens of H_t . q.
        var scores = (0..<t).map { r in (0..<d).reduce(Float(0)) { $0 + tokens[r * d + $1] * query[$1] } }
        let top = scores.max() ?? 0
        scores = scores.map { exp($0 - top) }
        let total = scores.reduce(0, +)
        var pooled = Self.mean(tokens) + [Float](repeating: 0, count: d)
        for r in 0..<t { let a = scores[r] / total; for i in 0..<d { pooled[d + i] += a * tokens[r * d + i] } }
        var z = [Float](repeating: 0, count: hidden)
        for j in 0..<hidden {
            var sum = b1[j]
            for i in 0..<(2 * d) { sum += w1[j * 2 * d + i] * pooled[i] }
            z[j] = max(0, sum)
        }
        var logits = [Double](repeating: 0, count: classes.count)
        for k in classes.indices {
            var sum = b2[k]
            for j in 0..<hidden { sum += w2[k * hidden + j] * z[j] }
            logits[k] = Double(sum)
        }
        let most = logits.max() ?? 0
        let exps = logits.map { Foundation.exp($0 - most) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
