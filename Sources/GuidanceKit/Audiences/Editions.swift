import Foundation

/// `Output/manifest.json`: every sheet version's edition, as published. The
/// build numbers editions, never a person: a version's edition rises exactly
/// when its published text (wording or contact details) changes, and the
/// committed manifest is what the next build, on any clone, continues from.
/// Other sites read it too: its members are described in
/// `manifest.schema.json`, published beside it (see `PublishedSchemas`).
package struct Manifest: Codable, Sendable, Equatable {
    static let fileName = OutputLayout.manifest
    /// `formatVersion` of the manifests this build writes. Members may be
    /// added within a format; one that is renamed, removed or changes meaning
    /// raises it.
    static let currentFormat = 1

    /// One edition of one version, as the download page and the feed show it.
    struct Edition: Codable, Sendable, Equatable {
        var edition: Int
        /// The day the edition's content was last confirmed (see `Editions.date`).
        var date: String
        /// What changed since the edition before: the author's `changes:`
        /// words, then the contact details the build found changed. Empty for
        /// a first edition, and for a change nobody described.
        var notes: [String]
        /// The sheet's `changes:` entry when this edition was made, so that
        /// the next change is seen to need a new one.
        var changesEntry: String? = nil
    }

    /// One version (`audience/slug`): its current edition and all before it.
    package struct Entry: Codable, Sendable, Equatable {
        var edition: Int
        var date: String
        /// SHA-256 of the version's published text without its edition line
        /// and dates (`SheetRenderer.editionText`).
        var hash: String
        /// Every edition, oldest first; the last is the current one.
        var history: [Edition]
        /// Set once the version is withdrawn (see `Withdrawals`).
        var withdrawn: Withdrawn? = nil
        /// What other sites show of the version, as the last build that
        /// published it found it (see `published(versions:...)`); absent from
        /// manifests written before builds recorded them.
        var title: String? = nil
        /// The audience's id (the folder) and its label, as a reader sees it.
        var audience: String? = nil
        var audienceLabel: String? = nil
        /// The sheet's `reviewed` and `next-review` dates (YYYY-MM-DD); a
        /// withdrawn version keeps its last `reviewed` and has no next review.
        var reviewed: String? = nil
        var nextReview: String? = nil
        /// The version's published addresses, when `base-url` is set.
        var urls: Addresses? = nil

        var current: Edition { history.last ?? Edition(edition: edition, date: date, notes: []) }
    }

    /// A withdrawal as published: enough to keep the page at the old
    /// address after the source itself is deleted.
    struct Withdrawn: Codable, Sendable, Equatable {
        var date: String
        var reason: String
        /// The sheet's title when it was withdrawn.
        var title: String
        /// The sheet to use instead (its slug), if any.
        var instead: String? = nil
    }

    /// Where a version is published: its page, its PDF (when the output
    /// holds one) and its text.
    struct Addresses: Codable, Sendable, Equatable {
        var page: String
        var pdf: String? = nil
        var text: String
    }

    /// The schema this file follows (`$schema`): its published address, or
    /// its name beside this file without `base-url`.
    var schema: String? = nil
    var formatVersion: Int? = nil
    var versions: [String: Entry]
    /// The SHA-256 of every file the build published (relative path ->
    /// hex digest), everything but this manifest: what the next build and
    /// `check` verify the folder against. nil in a manifest written before
    /// builds recorded them (nothing to verify yet).
    var files: [String: String]? = nil

    init(versions: [String: Entry] = [:]) { self.versions = versions }

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", formatVersion, versions, files
    }

    /// The manifest as published: its format and schema, and for each
    /// version built (or withdrawn) what other sites show of it.
    /// - Parameter pdfs: the PDFs the output will hold, the only ones given an address.
    func published(versions built: [SheetVersion], withdrawn: [WithdrawnVersion], pdfs: Set<String>,
                   configuration: Configuration) -> Manifest {
        var manifest = self
        manifest.formatVersion = Self.currentFormat
        manifest.schema = (configuration.baseURL ?? "") + OutputLayout.manifestSchema
        let base = configuration.baseURL
        for version in built {
            let key = OutputLayout.base(version)
            guard var entry = manifest.versions[key] else { continue }
            let meta = version.sheet.frontMatter
            entry.title = meta.title
            entry.audience = version.audience.id
            entry.audienceLabel = version.audience.label
            entry.reviewed = meta.reviewed.description
            entry.nextReview = meta.nextReview.description
            let pdf = OutputLayout.pdf(version)
            entry.urls = base.map {
                Addresses(page: $0 + OutputLayout.html(version), pdf: pdfs.contains(pdf) ? $0 + pdf : nil,
                          text: $0 + OutputLayout.text(version))
            }
            manifest.versions[key] = entry
        }
        for version in withdrawn {
            guard var entry = manifest.versions[version.key] else { continue }
            entry.title = version.title
            entry.audience = version.audience.id
            entry.audienceLabel = version.audience.label
            entry.nextReview = nil
            // Its page and text stay, saying it is withdrawn; its PDF is gone.
            entry.urls = base.map { Addresses(page: $0 + version.html, text: $0 + version.text) }
            manifest.versions[version.key] = entry
        }
        return manifest
    }

    /// The file's bytes: sorted keys, so the same editions give the same bytes.
    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// The manifest of the output folder; failing that, the one committed in
    /// the project's own `Output/` (so `build --output elsewhere` continues the
    /// same numbering); nil on a first build.
    static func load(output: URL, root: URL) -> Manifest? { locate(output: output, root: root)?.manifest }

    /// The manifest `load` finds, with the folder it is in (whose files it records).
    static func locate(output: URL, root: URL) -> (manifest: Manifest, folder: URL)? {
        for folder in [output, root.appendingPathComponent("Output")] {
            if let manifest = read(in: folder) { return (manifest, folder) }
        }
        return nil
    }

    /// Why `folder`'s manifest.json cannot be read as a manifest (a hand
    /// edit that broke it), or nil when it can or there is none: numbering
    /// would otherwise start again at edition 1 without a word.
    static func unreadable(in folder: URL) -> String? {
        guard let data = RegularFile.contents(atPath: folder.appendingPathComponent(fileName).path) else { return nil }
        do {
            _ = try JSONDecoder().decode(Manifest.self, from: data)
            return nil
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            return "is not valid JSON"
        } catch let DecodingError.keyNotFound(key, context) {
            return "lacks '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            return "has a value of the wrong kind at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        } catch {
            return "cannot be read as a manifest"
        }
    }

    /// The manifest in `folder`, nil when there is none or it is not one.
    static func read(in folder: URL) -> Manifest? {
        RegularFile.contents(atPath: folder.appendingPathComponent(fileName).path)
            .flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
    }

    /// The manifest's bytes with `files` recording what is published:
    /// the hash of every file in `published` but the manifest itself, and
    /// the recorded hash of each file `kept` as it is (the other audiences'
    /// files in a build of some audiences).
    /// `digests`: hashes already known, by bytes (see `OutputVerification.Verified`).
    func json(recording published: [String: Data], keeping kept: [String: String] = [:],
              digests: [Data: String] = [:]) -> Data {
        let paths = published.keys.filter { $0 != Self.fileName }.sorted()
        let hashes = paths.concurrentMap { path in
            let data = published[path] ?? Data()
            return digests[data] ?? SHA256.hex(of: data)
        }
        var files = kept
        for (path, hash) in zip(paths, hashes) { files[path] = hash }
        var manifest = self
        manifest.files = files
        return manifest.json
    }
}

/// A version whose edition a build raised: "schools/x (edition 2)" for
/// people, its parts for tools (`build --format json`).
package struct RaisedEdition: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// `audience/slug`.
    package var version: String
    package var audience: String
    package var sheet: String
    package var edition: Int

    init(version: String, edition: Int) {
        self.version = version
        let parts = version.split(separator: "/", maxSplits: 1)
        audience = parts.first.map(String.init) ?? version
        sheet = parts.count == 2 ? String(parts[1]) : version
        self.edition = edition
    }

    package var description: String { "\(version) (edition \(edition))" }
}

/// The editions of a build's versions, numbered against the last manifest
/// (the numbering is in `Publishing/Numbering.swift`: it hashes each
/// version's text as the text writer prints it, so it follows Rendering/).
struct Editions: Sendable {
    /// What one version is now.
    struct Outcome: Sendable {
        var key: String
        var entry: Manifest.Entry
        /// Whether this build raised the edition (a version that already had one).
        var raised: Bool
        /// Whether the text changed with no new `changes:` entry and no contact change to explain it.
        var missingNote: Bool
    }

    var outcomes: [Outcome]
    /// The manifest to publish: every earlier entry kept (a sheet removed and
    /// added again continues its numbering), the built versions updated.
    var manifest: Manifest

    /// `audience/slug` -> its edition, for the renderers.
    var byVersion: [String: Manifest.Entry] {
        Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key, $0.entry) })
    }

    /// Versions whose edition this build raised, by version.
    var raised: [RaisedEdition] {
        outcomes.filter(\.raised).map { RaisedEdition(version: $0.key, edition: $0.entry.edition) }
            .sorted { $0.version < $1.version }
    }

    /// An edition's date: the day its content was last confirmed, which is
    /// the later of the sheet's `reviewed` date and the `verified` date of
    /// every contact it shows. It comes from the sources, so the same sources
    /// give the same date on any machine and any day; a build's clock never
    /// enters the output.
    static func date(of version: SheetVersion) -> Day {
        ([version.sheet.frontMatter.reviewed] + version.contacts.map(\.verified)).max() ?? version.sheet.frontMatter.reviewed
    }

    static func hash(_ text: String) -> String {
        var sha = SHA256()
        sha.update(text)
        return sha.finish()
    }
}
