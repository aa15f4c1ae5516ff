import Foundation
import Testing
@testable import GuidanceKit

/// Issue 23, items 1 and 2: `guidance build` replaces or removes only what it
/// published itself. A folder of someone's own files, a file added to a
/// previous output, a symlinked output and the project's own folders are
/// refused with an error naming what is in the way, and every one of those
/// files is still there, byte for byte, afterwards. Every folder is a
/// throw-away one under the temporary directory.
@Suite(.serialized, .timeLimit(.minutes(4))) struct OutputFolderTests {
    static let build = ["build", "--no-print-check", "--as-of", "2026-12-08"]

    /// What a path is, without following a link: its bytes, where a link leads, or that it is a FIFO.
    enum Thing: Equatable {
        case file(Data), link(String), fifo, folder
    }

    static func thing(at path: String) -> Thing? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(FileManager.default.contents(atPath: path) ?? Data())
        case S_IFLNK: return .link((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "")
        case S_IFIFO: return .fifo
        case S_IFDIR: return .folder
        default: return nil
        }
    }

    /// Every entry below `folder` (links not followed), by relative path.
    static func everything(below folder: URL) -> [String: Thing] {
        var found: [String: Thing] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                let child = relative.isEmpty ? name : relative + "/" + name
                let thing = Self.thing(at: folder.path + "/" + child)
                found[child] = thing
                if thing == .folder { pending.append(child) }
            }
        }
        return found
    }

    /// Someone's folder: notes, photos, a private file, their own index.html, a link and a FIFO.
    static func someonesFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Support.write("buy milk\n", to: "notes/todo.txt", in: folder)
        try Support.write("%PDF-1.4 holiday\n", to: "photos/holiday.pdf", in: folder)
        try Support.write("the combination is 1234\n", to: "private/secret.txt", in: folder)
        try Support.write("<h1>My own home page</h1>\n", to: "index.html", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/todo-link", withDestinationPath: "notes/todo.txt")
        #expect(mkfifo(folder.path + "/pipe", 0o644) == 0)
    }

    @Test func aFolderOfSomeonesFilesIsRefusedAndKeepsEveryFile() throws {
        let root = try Support.copyOfProject()
        let folder = try Support.temporaryFolder().appendingPathComponent("mine")
        try Self.someonesFolder(folder)
        let before = Self.everything(below: folder)
        #expect(before.count == 9, "3 folders, 4 files, a link and a FIFO: \(before.keys.sorted())")

        let run = try Support.guidance(Self.build + ["--output", folder.path], in: root)
        print("build --output \(folder.path) (someone's folder):\n\(run.stdout)\(run.stderr)")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("is not empty and is not a folder guidance built"), "\(run.stderr)")
        for name in ["index.html", "notes/todo.txt", "photos/holiday.pdf", "pipe (a named pipe)", "todo-link (a symbolic link)"] {
            #expect(run.stderr.contains(name), "the error names \(name): \(run.stderr)")
        }
        #expect(Self.everything(below: folder) == before, "every file, link and FIFO is still there, unchanged")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(leftovers == ["mine"], "no staging folder left beside it: \(leftovers)")
    }

    @Test func aFileAddedToAPreviousOutputIsNamedNeverDeleted() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        // Files someone added to the published folder: a hosting file, notes beside the sheets, a link, a FIFO.
        try Support.write("guidance.example.org\n", to: "Output/CNAME", in: root)
        try Support.write("ask Sam about this one\n", to: "Output/schools/notes.txt", in: root)
        try Support.write("%PDF-1.4 scan\n", to: "Output/agencies/scan.pdf", in: root)
        try FileManager.default.createSymbolicLink(atPath: output.path + "/latest", withDestinationPath: "schools")
        #expect(mkfifo(output.path + "/schools/pipe.html", 0o644) == 0)
        // A change, so that the build has something to write.
        let path = "Guidance/right-language.md"
        try Support.write(try Support.read(path, in: root).replacingOccurrences(of: "## Do\n", with: "## Do\n\nA new line.\n"),
                          to: path, in: root)
        let before = Self.everything(below: output)

        let run = try Support.guidance(Self.build, in: root)
        print("build with files added to Output/:\n\(run.stdout)\(run.stderr)")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("holds files guidance did not publish"), "\(run.stderr)")
        for name in ["CNAME", "schools/notes.txt", "agencies/scan.pdf", "latest (a symbolic link)", "schools/pipe.html (a named pipe)"] {
            #expect(run.stderr.contains(name), "the error names \(name): \(run.stderr)")
        }
        #expect(Self.everything(below: output) == before, "Output/ is exactly as it was")

        // Moved out of the way, the same build publishes.
        for name in ["CNAME", "schools/notes.txt", "agencies/scan.pdf", "latest", "schools/pipe.html"] {
            try FileManager.default.removeItem(atPath: output.path + "/" + name)
        }
        let again = try Support.guidance(Self.build, in: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("written"), "\(again.stdout)")
    }

    @Test func theProjectItsSourcesAndEveryFolderAboveItAreRefusedOutright() throws {
        // The project sits inside a folder of its own, beside someone's file, so
        // that "a folder above the project" is a throw-away one too.
        let above = try Support.temporaryFolder()
        let root = above.appendingPathComponent("project")
        try FileManager.default.moveItem(at: try Support.copyOfProject(), to: root)
        try Support.write("keep me\n", to: "keep/readme.txt", in: above)
        try FileManager.default.createSymbolicLink(atPath: above.path + "/keep/link", withDestinationPath: "readme.txt")
        let before = Self.everything(below: above)

        for (output, why) in [(root.path, "the project root"), (root.path + "/Guidance", "Guidance/"),
                              (root.path + "/Guidance/templates", "Guidance/"), (root.path + "/Guidance/..", "the project root"),
                              (above.path, "holds the project"), (root.path + "/Output/..", "the project root")] {
            let run = try Support.guidance(Self.build + ["--output", output], in: root)
            print("build --output \(output):\n\(run.stdout)\(run.stderr)")
            try #require(run.status == 2, "\(output): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("refusing to publish into") && run.stderr.contains(why), "\(output): \(run.stderr)")
            #expect(Self.everything(below: above) == before, "nothing changed after --output \(output)")
        }
        // Last, and only once the others are refused: the file system's root.
        let slash = try Support.guidance(Self.build + ["--output", "/"], in: root)
        print("build --output /:\n\(slash.stdout)\(slash.stderr)")
        #expect(slash.status == 2)
        #expect(slash.stderr.contains("refusing to publish into /"), "\(slash.stderr)")
        #expect(Self.everything(below: above) == before)
    }

    @Test func aSymlinkedOutputIsRefusedAndNothingIsPulledIn() throws {
        let root = try Support.copyOfProject()
        let elsewhere = try Support.temporaryFolder()
        try Support.write("root:x:0:0\n", to: "shadow", in: elsewhere)
        try Support.write("-----BEGIN PRIVATE KEY-----\n", to: "ssl/private/server.key", in: elsewhere)
        let output = root.appendingPathComponent("Output")
        try FileManager.default.removeItem(at: output)
        try FileManager.default.createSymbolicLink(atPath: output.path, withDestinationPath: elsewhere.path)
        let outside = Self.everything(below: elsewhere)

        for arguments in [Self.build, Self.build + ["--output", output.path]] {
            let run = try Support.guidance(arguments, in: root)
            print("\(arguments.joined(separator: " ")) with Output a link:\n\(run.stdout)\(run.stderr)")
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("is a symbolic link"), "\(run.stderr)")
            #expect(Self.thing(at: output.path) == .link(elsewhere.path), "Output/ is still the link")
            #expect(Self.everything(below: elsewhere) == outside, "the folder it leads to is untouched")
            // Nothing from there was hard-linked anywhere: each file has one name.
            for name in ["shadow", "ssl/private/server.key"] {
                var info = stat()
                #expect(lstat(elsewhere.path + "/" + name, &info) == 0 && info.st_nlink == 1, "\(name) has one name")
            }
            let inProject = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            #expect(!inProject.contains { $0.contains("staging") }, "\(inProject)")
        }
    }

    @Test func aTemplateFolderLinkedFromOutsideGuidanceIsRefused() throws {
        let root = try Support.copyOfProject()
        try Support.copyShippedTemplates(into: root)
        let elsewhere = try Support.temporaryFolder().appendingPathComponent("templates")
        let templates = root.appendingPathComponent("Guidance/templates")
        try FileManager.default.moveItem(at: templates, to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: templates.path, withDestinationPath: elsewhere.path)
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        let run = try Support.guidance(Self.build, in: root)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("Guidance/templates/sheet.mustache:1:1: error:") && run.stderr.contains("outside Guidance/"),
                "\(run.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
    }

    @Test func aFileWithMoreThanOneNameIsCopiedNeverHardLinked() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        // A second name for a published file, made outside Output/ (a backup made with cp -al, say).
        let backup = try Support.temporaryFolder().appendingPathComponent("feed.xml")
        try FileManager.default.linkItem(at: output.appendingPathComponent("feed.xml"), to: backup)
        let path = "Guidance/right-language.md"
        try Support.write(try Support.read(path, in: root).replacingOccurrences(of: "## Do\n", with: "## Do\n\nA new line.\n"),
                          to: path, in: root)
        let run = try Support.guidance(Self.build + ["--audience", "schools"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        var published = stat(), kept = stat()
        #expect(lstat(output.appendingPathComponent("feed.xml").path, &published) == 0)
        #expect(lstat(backup.path, &kept) == 0)
        #expect(published.st_ino != kept.st_ino && published.st_nlink == 1 && kept.st_nlink == 1,
                "the published feed.xml is the build's own copy, not another name for the backup")
    }
}
