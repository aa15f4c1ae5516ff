import CBLAS
import Foundation

/// all-MiniLM-L6-v2's BERT encoder (post-LN, erf GELU), forward pass only:
/// every dense layer is one `cblas_sgemm` over all the tokens of a batch of
/// sentences, attention one small product per sentence and head (no padding,
/// no attention between sentences). The first `layers` layers are run.
struct MiniLMEncoder: Sendable {
    static let hidden = 384, heads = 12, headSize = 32, intermediate = 1536
    static let epsilon: Float = 1e-12

    struct Layer: Sendable {
        /// Query, key and value weights stacked (1152 x 384), so one product gives all three.
        var qkv: [Float], qkvBias: [Float]
        var output: [Float], outputBias: [Float], norm1: [Float], norm1Bias: [Float]
        var up: [Float], upBias: [Float], down: [Float], downBias: [Float]
        var norm2: [Float], norm2Bias: [Float]
    }

    let words: [Float]
    let positions: [Float]
    let tokenType: [Float]
    let norm: [Float], normBias: [Float]
    let layers: [Layer]
    let vocabularySize: Int
    let maxPositions: Int

    /// The first `count` layers, with the head's adapter (if any) added to their weights.
    init(_ tensors: SafeTensors, layers count: Int, adapter: LanguageHead.Adapter? = nil) throws(LanguageModelError) {
        let h = Self.hidden
        guard let wordShape = tensors.tensors["embeddings.word_embeddings.weight"]?.shape, wordShape.count == 2 else {
            throw LanguageModelError(file: tensors.file, message: "has no embeddings.word_embeddings.weight; "
                                     + "run `make language-model` to download the encoder again")
        }
        vocabularySize = wordShape[0]
        maxPositions = tensors.tensors["embeddings.position_embeddings.weight"]?.shape.first ?? 512
        words = try tensors.tensor("embeddings.word_embeddings.weight", shape: [vocabularySize, h])
        positions = try tensors.tensor("embeddings.position_embeddings.weight", shape: [maxPositions, h])
        tokenType = Array(try tensors.tensor("embeddings.token_type_embeddings.weight", shape: [2, h]).prefix(h))
        norm = try tensors.tensor("embeddings.LayerNorm.weight", shape: [h])
        normBias = try tensors.tensor("embeddings.LayerNorm.bias", shape: [h])
        var layers: [Layer] = []
        var adapted: Set<String> = []
        for index in 0..<count {
            let p = "encoder.layer.\(index)."
            func t(_ name: String, _ shape: [Int]) throws(LanguageModelError) -> [Float] {
                var weight = try tensors.tensor(p + name, shape: shape)
                guard let adapter, let change = adapter.changes[p + name] else { return weight }
                guard shape.count == 2, change.a.count == change.rank * shape[1], change.b.count == change.rank * shape[0] else {
                    throw LanguageModelError(file: adapter.file, message: "adapter for '\(p + name)' does not fit its shape "
                                             + "\(shape); the head was trained for another encoder")
                }
                for (i, delta) in change.product.enumerated() { weight[i] += delta }
                adapted.insert(p + name)
                return weight
            }
            let a = "attention.self."
            layers.append(Layer(
                qkv: try t(a + "query.weight", [h, h]) + t(a + "key.weight", [h, h]) + t(a + "value.weight", [h, h]),
                qkvBias: try t(a + "query.bias", [h]) + t(a + "key.bias", [h]) + t(a + "value.bias", [h]),
                output: try t("attention.output.dense.weight", [h, h]), outputBias: try t("attention.output.dense.bias", [h]),
                norm1: try t("attention.output.LayerNorm.weight", [h]), norm1Bias: try t("attention.output.LayerNorm.bias", [h]),
                up: try t("intermediate.dense.weight", [Self.intermediate, h]), upBias: try t("intermediate.dense.bias", [Self.intermediate]),
                down: try t("output.dense.weight", [h, Self.intermediate]), downBias: try t("output.dense.bias", [h]),
                norm2: try t("output.LayerNorm.weight", [h]), norm2Bias: try t("output.LayerNorm.bias", [h])))
        }
        if let adapter, let name = Set(adapter.changes.keys).subtracting(adapted).sorted().first {
            throw LanguageModelError(file: adapter.file, message: "adapter changes '\(name)', which is not a weight "
                                     + "of the encoder's first \(count) layers; the head was trained for another encoder")
        }
        self.layers = layers
    }

    /// The last layer's token outputs for each sentence (ids from the
    /// tokenizer, at most `maxPositions` each), rows of 384 one after another.
    func encode(_ batch: [[Int32]]) -> [[Float]] {
        let h = Self.hidden
        let lengths = batch.map { min($0.count, maxPositions) }
        let n = lengths.reduce(0, +)
        guard n > 0 else { return batch.map { _ in [] } }
        var x = [Float](repeating: 0, count: n * h)
        var row = 0
        for (ids, length) in zip(batch, lengths) {
            for position in 0..<length {
                let id = Int(ids[position])
                let word = id >= 0 && id < vocabularySize ? id : 100
                for i in 0..<h {
                    x[row * h + i] = words[word * h + i] + positions[position * h + i] + tokenType[i]
                }
                row += 1
            }
        }
        Self.layerNorm(&x, rows: n, weight: norm, bias: normBias)
        var qkv = [Float](repeating: 0, count: n * 3 * h)
        var context = [Float](repeating: 0, count: n * h)
        var y = [Float](repeating: 0, count: n * h)
        var up = [Float](repeating: 0, count: n * Self.intermediate)
        let longest = lengths.max() ?? 0
        var scores = [Float](repeating: 0, count: longest * longest)
        for layer in layers {
            Self.dense(x, rows: n, inputs: h, layer.qkv, layer.qkvBias, outputs: 3 * h, into: &qkv, residual: nil)
            attention(qkv, lengths: lengths, scores: &scores, into: &context)
            Self.dense(context, rows: n, inputs: h, layer.output, layer.outputBias, outputs: h, into: &y, residual: x)
            Self.layerNorm(&y, rows: n, weight: layer.norm1, bias: layer.norm1Bias)
            swap(&x, &y)
            Self.dense(x, rows: n, inputs: h, layer.up, layer.upBias, outputs: Self.intermediate, into: &up, residual: nil)
            up.withUnsafeMutableBufferPointer { up in
                for i in up.indices { let v = up[i]; up[i] = 0.5 * v * (1 + erf(v * 0.70710678118654752)) }
            }
            Self.dense(up, rows: n, inputs: Self.intermediate, layer.down, layer.downBias, outputs: h, into: &y, residual: x)
            Self.layerNorm(&y, rows: n, weight: layer.norm2, bias: layer.norm2Bias)
            swap(&x, &y)
        }
        var result: [[Float]] = []
        var start = 0
        for length in lengths {
            result.append(Array(x[start * h..<(start + length) * h]))
            start += length
        }
        return result
    }

    /// Self-attention of each sentence on its own, head by head, from the
    /// stacked query, key and value rows into the context rows.
    private func attention(_ qkv: [Float], lengths: [Int], scores: inout [Float], into context: inout [Float]) {
        let h = Self.hidden, d = Self.headSize, stride = 3 * h
        let scale = 1 / Float(d).squareRoot()
        qkv.withUnsafeBufferPointer { qkv in
            scores.withUnsafeMutableBufferPointer { scores in
                context.withUnsafeMutableBufferPointer { context in
                    var start = 0
                    for t in lengths {
                        for head in 0..<Self.heads {
                            let base = start * stride + head * d
                            let q = qkv.baseAddress! + base, k = q + h, v = q + 2 * h
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(d),
                                        scale, q, Int32(stride), k, Int32(stride), 0, scores.baseAddress!, Int32(t))
                            for r in 0..<t {
                                let rowStart = scores.baseAddress! + r * t
                                var top = -Float.infinity
                                for c in 0..<t { top = max(top, rowStart[c]) }
                                var sum: Float = 0
                                for c in 0..<t { let e = exp(rowStart[c] - top); rowStart[c] = e; sum += e }
                                for c in 0..<t { rowStart[c] /= sum }
                            }
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(d), Int32(t),
                                        1, scores.baseAddress!, Int32(t), v, Int32(stride), 0,
                                        context.baseAddress! + start * h + head * d, Int32(h))
                        }
                        start += t
                    }
                }
            }
        }
    }

    /// output = input W^T + bias (+ residual): W is (outputs x inputs), as stored.
    static func dense(_ input: [Float], rows: Int, inputs: Int, _ weight: [Float], _ bias: [Float], outputs: Int,
                      into output: inout [Float], residual: [Float]?) {
        output.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows {
                for c in 0..<outputs { out[r * outputs + c] = bias[c] + (residual?[r * outputs + c] ?? 0) }
            }
            input.withUnsafeBufferPointer { a in
                weight.withUnsafeBufferPointer { w in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
                                1, a.baseAddress!, Int32(inputs), w.baseAddress!, Int32(inputs), 1, out.baseAddress!, Int32(outputs))
                }
            }
        }
    }

    static func layerNorm(_ x: inout [Float], rows: Int, weight: [Float], bias: [Float]) {
        let h = weight.count
        x.withUnsafeMutableBufferPointer { x in
            for r in 0..<rows {
                let row = x.baseAddress! + r * h
                var mean: Float = 0
                for i in 0..<h { mean += row[i] }
                mean /= Float(h)
                var variance: Float = 0
                for i in 0..<h { let d = row[i] - mean; variance += d * d }
                let inverse = 1 / (variance / Float(h) + epsilon).squareRoot()
                for i in 0..<h { row[i] = (row[i] - mean) * inverse * weight[i] + bias[i] }
            }
        }
    }
}
