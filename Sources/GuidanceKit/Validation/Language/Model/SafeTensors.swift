import Foundation

/// Why the learned language judge could not be loaded: the file and what is
/// wrong with it, and what to do (the base encoder comes from
/// `make language-model`; a head file from the training in issue 28).
package struct LanguageModelError: Error, CustomStringConvertible, Equatable {
    package var file: String
    package var message: String
    package var description: String { "\(file): \(message)" }
}

/// The float32 tensors of a `.safetensors` file: an 8-byte little-endian
/// header length, a JSON header naming each tensor's dtype, shape and byte
/// range, then the raw little-endian data. Read in one go (the MiniLM file is
/// 87 MB) and copied into Swift arrays, so nothing points into the file after.
struct SafeTensors: Sendable {
    struct Tensor: Sendable {
        var shape: [Int]
        var values: [Float]
    }

    let file: String
    let tensors: [String: Tensor]

    init(contentsOf url: URL) throws(LanguageModelError) {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw LanguageModelError(file: url.path, message: "cannot be read (\(error.localizedDescription)); "
                                     + "run `make language-model` to download the encoder again")
        }
        try self.init(data: data, file: url.path)
    }

    init(data: Data, file: String) throws(LanguageModelError) {
        self.file = file
        func fail(_ message: String) -> LanguageModelError {
            LanguageModelError(file: file, message: "not a safetensors file: \(message); "
                               + "run `make language-model` to download the encoder again")
        }
        guard data.count >= 8 else { throw fail("shorter than its 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw fail("the header is said to be \(headerLength) bytes but the file has \(data.count - 8) after its length")
        }
        let start = data.startIndex + 8
        let header = data[start..<start + Int(headerLength)]
        guard let object = try? JSONSerialization.jsonObject(with: header), let entries = object as? [String: Any] else {
            throw fail("the header is not a JSON object")
        }
        let body = start + Int(headerLength)
        let bodyLength = data.endIndex - body
        var tensors: [String: Tensor] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("tensor '\(name)' has no dtype, shape and data_offsets")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= bodyLength else {
                throw fail("tensor '\(name)' has data_offsets \(offsets) outside the file")
            }
            // Only float32 tensors are used (the file also holds int64 position ids).
            guard dtype == "F32" else { continue }
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == count * 4 else {
                throw fail("tensor '\(name)' has data_offsets \(offsets) that do not fit its shape \(shape)")
            }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { target in
                data.copyBytes(to: target, from: (body + offsets[0])..<(body + offsets[1]))
            }
            // The file is little-endian, as is every platform this runs on (x86-64, arm64).
            tensors[name] = Tensor(shape: shape, values: values)
        }
        self.tensors = tensors
    }

    /// The tensor of that name and shape, or an error naming the file.
    func tensor(_ name: String, shape: [Int]) throws(LanguageModelError) -> [Float] {
        guard let tensor = tensors[name] else {
            throw LanguageModelError(file: file, message: "has no float32 tensor '\(name)'; is it all-MiniLM-L6-v2's model.safetensors? "
                                     + "Run `make language-model` to download it again")
        }
        guard tensor.shape == shape else {
            throw LanguageModelError(file: file, message: "tensor '\(name)' has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }
}
