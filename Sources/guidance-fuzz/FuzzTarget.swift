import Foundation
import GuidanceFuzzing

// The fuzz target: every input through read, resolve, select, validate and
// both writers (FuzzHarness), against the project in the current folder or in
// GUIDANCE_FUZZ_ROOT.
//
// Built for libFuzzer by `make fuzz` (swift build -Xswiftc -sanitize=fuzzer
// -Xswiftc -DFUZZING), its main hands over to libFuzzer's driver (SwiftPM
// gives an executable's entry point its own name, so libFuzzer's main cannot
// be used). Built normally, it is a replayer: give it files or
// folders of inputs and it runs each once and names any that break a promise.

private let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GUIDANCE_FUZZ_ROOT"]
    ?? FileManager.default.currentDirectoryPath)

private let harness: FuzzHarness = {
    do { return try FuzzHarness(root: root) } catch {
        FileHandle.standardError.write(Data("guidance-fuzz: \(error)\n".utf8))
        exit(2)
    }
}()

#if FUZZING
import CFuzzerDriver

@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = harness.exercise(bytes)
    if !problems.isEmpty {
        // libFuzzer saves the input that got here as crash-<sha1>.
        fatalError("broken promise: " + problems.joined(separator: "; "))
    }
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: guidance-fuzz FILE|FOLDER...  (replays fuzz inputs)\n".utf8))
            exit(64)
        }
        var inputs: [URL] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            if let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
                inputs += names.sorted().map { url.appendingPathComponent($0) }
            } else {
                inputs.append(url)
            }
        }
        var failed = 0
        for input in inputs {
            guard let data = FileManager.default.contents(atPath: input.path) else { continue }
            let problems = harness.exercise([UInt8](data))
            if !problems.isEmpty {
                failed += 1
                print("\(input.path): " + problems.joined(separator: "; "))
            }
        }
        print("\(inputs.count) inputs replayed, \(failed) broke a promise")
        exit(failed == 0 ? 0 : 1)
    }
}
#endif
