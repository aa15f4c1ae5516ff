import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// `guidance build` killed with SIGKILL at many moments: Output/ is always the
/// complete old build or the complete new one, never a mixture, never a
/// truncated file; and a normal build afterwards converges.
@Suite(.tags(.crash), .serialized, .timeLimit(.minutes(3))) struct CrashSafetyTests {
    @Test func killedBuildsLeaveTheOldOrTheNewOutput() throws {
        let root = try Support.copyOfProject()
        // Enough sheets that a build takes a while, so kills land mid-publish too
        // (the kills after the 25th aim at publishing, so more would add time, not cover).
        let template = try Support.read("Guidance/indecent-images.md", in: root)
        for index in 0..<30 {
            try Support.write(template.replacingOccurrences(of: "title: Responding", with: "title: Copy \(index) of responding"),
                              to: "Guidance/copy-\(index).md", in: root)
        }
        let output = root.appendingPathComponent("Output")
        try FileManager.default.removeItem(at: output)  // start from HTML and text only
        var build = try Support.guidance(["build", "--no-print-check", "--as-of", "2026-12-08"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        let old = Support.snapshot(output)

        // The new build changes every sheet.
        let config = try Support.read("Guidance/guidance.yaml", in: root)
        try Support.write(config.replacingOccurrences(of: "Schools and colleges", with: "Schools, colleges and nurseries"),
                          to: "Guidance/guidance.yaml", in: root)
        let newRoot = try Support.temporaryFolder()
        try FileManager.default.copyItem(at: root.appendingPathComponent("Guidance"), to: newRoot.appendingPathComponent("Guidance"))
        // From the same publication, so the new build raises the same editions.
        try FileManager.default.copyItem(at: output, to: newRoot.appendingPathComponent("Output"))
        let started = Date()
        build = try Support.guidance(["build", "--no-print-check", "--as-of", "2026-12-08"], in: newRoot)
        let buildTime = Date().timeIntervalSince(started)
        #expect(build.status == 0)
        let new = Support.snapshot(newRoot.appendingPathComponent("Output"))
        #expect(new != old)

        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        // A kill that leaves a staging folder landed while publishing; one that
        // also leaves the old output landed before the swap. Without some of
        // those the test would prove nothing about atomicity, so it goes on
        // (up to 80 kills, aimed at the start of publishing) until it has them.
        var whilePublishing = 0, beforeTheSwap = 0, kills = 0
        func staging() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.contains(".staging-") }
        }
        while kills < 80, kills < 25 || beforeTheSwap < 2 {
            kills += 1
            let process = Process()
            process.executableURL = Support.binary
            process.arguments = ["build", "--no-print-check", "--as-of", "2026-12-08"]
            process.currentDirectoryURL = root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if kills <= 25 {
                // Anywhere from the start to a while after a full build would end
                // (this suite runs alone, so a build takes about as long as the
                // one timed above; a later kill only finds the new build).
                usleep(UInt32(Double.random(in: 0...(buildTime * 1.5), using: &generator) * 1_000_000))
            } else {
                // After the first 25, the moment publishing starts: the staging
                // folder is watched for (a random sleep rarely hits a window of a
                // few milliseconds once builds are fast), then a random wait of up
                // to a millisecond.
                let deadline = Date().addingTimeInterval(buildTime * 3 + 1)
                while staging().isEmpty, process.isRunning, Date() < deadline { usleep(100) }
                usleep(UInt32.random(in: 0...1_000, using: &generator))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = Support.snapshot(output)
            if !staging().isEmpty {
                whilePublishing += 1
                if now == old { beforeTheSwap += 1 }
            }
            #expect(now == old || now == new, "Output/ is a mixture of builds after a kill")
            outcomes[now == old ? "old" : "new", default: 0] += 1
            if now == new {
                // Put the old build back to kill the next one mid-way again.
                try FileManager.default.removeItem(at: output)
                try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
                for (path, data) in old {
                    try Support.write(String(decoding: data, as: UTF8.self), to: "Output/\(path)", in: root)
                }
            }
        }
        print("crash safety: \(kills) kills, \(whilePublishing) while publishing (\(beforeTheSwap) before the swap); "
              + "Output/ was the old build \(outcomes["old", default: 0]) times and the new build \(outcomes["new", default: 0]) times")
        #expect(beforeTheSwap >= 1, "no kill landed while publishing, before the swap: atomicity was not tested")
        // A normal build after an interrupted one converges on the new output, and
        // leaves no staging folder behind.
        build = try Support.guidance(["build", "--no-print-check", "--as-of", "2026-12-08"], in: root)
        #expect(build.status == 0)
        #expect(Support.snapshot(output) == new)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
}
