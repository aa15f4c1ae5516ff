import Foundation
import Testing
@testable import GuidanceKit

/// `manifest.json` and `contacts.json` are read by other sites: each is
/// published with a JSON Schema (draft 2020-12) beside it, carries a format
/// version and names its schema, and a real validator (check-jsonschema, in
/// the test venv) holds the published JSON to the published schema.
@Suite(.serialized) struct PublishedSchemaTests {
    static let asOf = Day(iso: "2026-12-08")!

    /// check-jsonschema from the Makefile's test venv.
    static func validator() throws -> String {
        let path = Support.packageRoot.appendingPathComponent(".venv/bin/check-jsonschema").path
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "install check-jsonschema: make .venv/.installed (PIP_PACKAGES in the Makefile pins it)")
        return path
    }

    /// The shipped project built afresh (without printing: the committed PDFs stay).
    static func built() async throws -> URL {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: Pipeline.Options(asOf: asOf), print: .none)
        #expect(result.report != nil, "\(result.pipeline.findings)")
        return output
    }

    static func object(_ path: String, in output: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: output.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is a JSON object")
    }

    @Test func thePublishedJSONIsValidAgainstThePublishedSchemasAndTheyAgainstTheMetaschema() async throws {
        let checker = try Self.validator()
        let output = try await Self.built()
        let schemas = ["manifest.schema.json", "contacts.schema.json"].map { output.appendingPathComponent($0).path }
        let meta = try Support.capture(checker, ["--check-metaschema"] + schemas)
        #expect(meta.status == 0, "\(meta.stdout)\(meta.stderr)")
        for (json, schema) in [("manifest.json", "manifest.schema.json"), ("contacts.json", "contacts.schema.json")] {
            let run = try Support.capture(checker, ["--schemafile", output.appendingPathComponent(schema).path,
                                                    output.appendingPathComponent(json).path])
            #expect(run.status == 0, "\(json): \(run.stdout)\(run.stderr)")
        }
        // The schemas have teeth: a manifest without its format version, and
        // a contact whose e164 is a national number, are refused.
        var manifest = try Self.object("manifest.json", in: output)
        manifest["formatVersion"] = nil
        var contacts = try Self.object("contacts.json", in: output)
        var registry = try #require(contacts["contacts"] as? [String: Any])
        var mash = try #require(registry["mash"] as? [String: Any])
        mash["e164"] = "020 8901 2690"
        registry["mash"] = mash
        contacts["contacts"] = registry
        for (name, broken, schema) in [("manifest", manifest, "manifest.schema.json"), ("contacts", contacts, "contacts.schema.json")] {
            let path = output.deletingLastPathComponent().appendingPathComponent("broken-\(name).json")
            try JSONSerialization.data(withJSONObject: broken).write(to: path)
            let run = try Support.capture(checker, ["--schemafile", output.appendingPathComponent(schema).path, path.path])
            #expect(run.status == 1, "a broken \(name).json passes its schema: \(run.stdout)\(run.stderr)")
        }
    }

    /// Every member a schema describes has a title and a description, for
    /// the people who write the other sites.
    @Test func everyMemberOfEachSchemaHasATitleAndADescription() async throws {
        let output = try await Self.built()
        for name in ["manifest.schema.json", "contacts.schema.json"] {
            let schema = try Self.object(name, in: output)
            #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
            #expect(schema["$id"] as? String == "https://www.harrowscb.co.uk/guidance/\(name)")
            var undescribed: [String] = []
            func walk(_ node: Any, at path: String) {
                guard let node = node as? [String: Any] else { return }
                if node["title"] == nil || node["description"] == nil { undescribed.append(path) }
                for key in ["properties", "$defs", "patternProperties"] {
                    for (name, child) in (node[key] as? [String: Any]) ?? [:] { walk(child, at: "\(path)/\(key)/\(name)") }
                }
                for key in ["additionalProperties", "items"] { if let child = node[key] { walk(child, at: "\(path)/\(key)") } }
            }
            walk(schema, at: name)
            #expect(undescribed.isEmpty, "no title or description: \(undescribed.sorted())")
        }
        let contacts = try Self.object("contacts.schema.json", in: output)
        let text = String(decoding: try JSONSerialization.data(withJSONObject: contacts), as: UTF8.self)
        #expect(text.contains("E.164") && text.contains("999"), "e164 and the short codes without it are explained")
    }

    @Test func theManifestDescribesEachSheetForOtherSites() async throws {
        let output = try await Self.built()
        let manifest = try Self.object("manifest.json", in: output)
        #expect(manifest["formatVersion"] as? Int == 1)
        #expect(manifest["$schema"] as? String == "https://www.harrowscb.co.uk/guidance/manifest.schema.json")
        let versions = try #require(manifest["versions"] as? [String: Any])
        let entry = try #require(versions["schools/indecent-images"] as? [String: Any])
        #expect(entry["title"] as? String == "Responding to indecent images of children", "\(entry)")
        #expect(entry["audience"] as? String == "schools")
        #expect(entry["audienceLabel"] as? String == "Schools and colleges")
        #expect(entry["reviewed"] as? String == "2026-12-07" && entry["nextReview"] as? String == "2027-06-07", "\(entry)")
        let urls = try #require(entry["urls"] as? [String: String])
        let base = "https://www.harrowscb.co.uk/guidance/schools/indecent-images"
        #expect(urls == ["page": base + ".html", "pdf": base + ".pdf", "text": base + ".txt"])
        // Existing members stay as they were.
        #expect(entry["edition"] is Int && entry["hash"] is String && entry["history"] is [Any])
        #expect((manifest["files"] as? [String: String])?["contacts.json"]?.count == 64)

        let contacts = try Self.object("contacts.json", in: output)
        #expect(contacts["formatVersion"] as? Int == 1)
        #expect(contacts["$schema"] as? String == "https://www.harrowscb.co.uk/guidance/contacts.schema.json")
    }

    /// Without a base URL the JSON names its schema by its relative name, and
    /// the manifest gives no addresses it cannot know.
    @Test func withoutABaseURLTheSchemaIsNamedRelativelyAndNoURLsAreGiven() async throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{mash.phone}}.", title: "A sheet")])
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: Pipeline.Options(asOf: Self.asOf), print: .none)
        #expect(result.report != nil, "\(result.pipeline.findings)")
        let manifest = try Self.object("manifest.json", in: output)
        #expect(manifest["$schema"] as? String == "manifest.schema.json")
        let entry = try #require((manifest["versions"] as? [String: Any])?["agencies/a"] as? [String: Any])
        #expect(entry["title"] as? String == "A sheet" && entry["audienceLabel"] as? String == "Other agencies")
        #expect(entry["urls"] == nil)
        #expect(try Self.object("contacts.json", in: output)["$schema"] as? String == "contacts.schema.json")
        #expect(try Self.object("manifest.schema.json", in: output)["$id"] == nil)
    }

    /// A contact's name is a name: opening hours go in `hours`, where other
    /// sites (and `{{x.hours}}`) find them.
    @Test func noPublishedContactNameCarriesOpeningHours() async throws {
        let contacts = try Self.object("contacts.json", in: try await Self.built())
        let registry = try #require(contacts["contacts"] as? [String: [String: Any]])
        let hours = try Regex(#"\b\d+ hours\b|\b\d+(\.\d+)?\s?(am|pm)\b|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|weekdays?)\b"#)
            .ignoresCase()
        for (id, contact) in registry {
            let name = contact["name"] as? String ?? ""
            #expect(name.firstMatch(of: hours) == nil, "\(id): the name '\(name)' holds opening hours; move them to hours:")
        }
        #expect(registry["childline"]?["hours"] as? String == "24 hours")
        // Short codes have no E.164 form, so no e164.
        #expect(registry["police-emergency"]?["phone"] as? String == "999" && registry["police-emergency"]?["e164"] == nil)
        #expect(registry["mash"]?["e164"] as? String == "+442089012690")
    }
}
