import Foundation
import Testing
import Yams

/// What CI and a hand install are told to run, held to what the Makefile
/// does rather than to words: the packages come from `make -s print-apt`
/// (those Package.swift's providers need among them); the workflows install
/// them and build and check as `make release` and `make check` do; the
/// calling workflow docs/ci.md gives another partnership is read as YAML and
/// calls the reusable one with inputs and permissions it declares; and every
/// shell block that installs (README, docs/ci.md) is valid `sh` naming only
/// targets make has. The workflows' own shape is tested in `make test-ci`
/// (Tests/ci/test_workflows.py) and linted in `make lint-workflows`.
@Suite struct CIExampleTests {
    static func read(_ path: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// What make prints for `arguments` (`-n`: nothing is run), failing the
    /// test when make fails.
    static func make(_ arguments: [String]) throws -> [String] {
        let run = try MakefileTests.make(["SWIFT=swift"] + arguments)
        #expect(run.status == 0, "make \(arguments.joined(separator: " ")) failed:\n\(run.output)")
        return run.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The packages the Makefile installs for a build.
    static func makefilePackages() throws -> Set<String> {
        Set(try make(["-s", "print-apt"]).flatMap { $0.split(separator: " ").map(String.init) })
    }

    /// Every package named in an `.apt([...])` provider of Package.swift.
    static func providerPackages() throws -> Set<String> {
        var packages = Set<String>()
        for match in try read("Package.swift").matches(of: #/\.apt\(\[([^\]]*)\]\)/#) {
            for name in match.output.1.matches(of: #/"([a-z0-9.+-]+)"/#) { packages.insert(String(name.output.1)) }
        }
        return packages
    }

    /// YAML as GitHub reads it; every scalar a string (`.basic`), so that
    /// the key `on` stays "on" and `true` is compared as written.
    static func yaml(_ text: String, _ what: String) throws -> [String: Any] {
        try #require(try Yams.load(yaml: text, .basic) as? [String: Any], "\(what) is not a YAML mapping")
    }

    static let workflows = ["sheets.yml", "guidance.yml"].map { ".github/workflows/\($0)" }

    /// Every step of every job of the repository's workflows.
    static func steps() throws -> [[String: Any]] {
        try workflows.flatMap { path -> [[String: Any]] in
            let jobs = try #require(try yaml(read(path), path)["jobs"] as? [String: Any])
            return jobs.values.flatMap { ($0 as? [String: Any])?["steps"] as? [[String: Any]] ?? [] }
        }
    }

    /// Each command line of every `run:` step whose text contains `marker`.
    static func commands(containing marker: String) throws -> [String] {
        try steps().flatMap { step -> [String] in
            (step["run"] as? String ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.contains(marker) }
        }
    }

    /// The fenced blocks of a Markdown file in `language` (`sh`, `yaml`).
    static func blocks(_ language: String, in document: String) throws -> [String] {
        try read(document).components(separatedBy: "```\(language)\n").dropFirst()
            .map { $0.components(separatedBy: "\n```").first ?? "" }
    }

    /// Whether `sh -n` reads `script`; its complaint if not.
    static func shellProblem(_ script: String) throws -> String? {
        let run = try Support.capture("/bin/sh", ["-n", "-c", script])
        return run.status == 0 ? nil : run.stderr
    }

    @Test func theProvidersAndTheMakefileAgree() throws {
        let installed = try Self.makefilePackages()
        let needed = try Self.providerPackages()
        #expect(!needed.isEmpty && needed.isSubset(of: installed), "make print-apt misses \(needed.subtracting(installed).sorted())")
        // The one-page check and the PDFs need the browser and poppler in CI too.
        #expect(installed.isSuperset(of: ["chromium", "poppler-utils", "cmark", "pkg-config"]), "\(installed.sorted())")
    }

    /// Each workflow step that installs packages installs what `make -s
    /// print-apt` prints (and may add what its own steps run: python3, gh, make).
    @Test func theWorkflowsInstallWhatTheMakefileBuildsWith() throws {
        let wanted = try Self.makefilePackages()
        let installs = try Self.commands(containing: "apt-get install")
        #expect(installs.count >= 2, "\(installs)")
        for line in installs {
            let after = line.components(separatedBy: "apt-get install").last ?? ""
            let packages = Set(after.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") })
            #expect(wanted.isSubset(of: packages), "\(line) misses \(wanted.subtracting(packages).sorted())")
            #expect(packages.subtracting(wanted).isSubset(of: ["python3", "gh", "make"]), "\(line) adds \(packages.subtracting(wanted).sorted())")
        }
    }

    /// The workflows build the tool as `make release` does and check as
    /// `make check` does (the offline check, in GitHub's format or JSON).
    @Test func theWorkflowsBuildAndCheckAsTheMakefileDoes() throws {
        let release = try Self.make(["-n", "-B", "release"]).filter { $0.hasPrefix("swift build") }
        let builds = try Self.commands(containing: "swift build")
        #expect(release.count == 1 && !builds.isEmpty && Set(builds) == Set(release), "workflows \(builds), make release \(release)")

        let check = try #require(try Self.make(["-n", "-B", "check"]).first { $0.contains(" check") })
        let (tool, arguments) = (String(check.prefix { $0 != " " }), String(check.drop { $0 != " " }))
        let sheets = try Self.yaml(Self.read(Self.workflows[0]), Self.workflows[0])
        let env = try #require(sheets["env"] as? [String: String])
        #expect(env["GUIDANCE"]?.hasSuffix("/" + tool) == true, "GUIDANCE=\(env["GUIDANCE"] ?? "none"), make check runs \(tool)")
        let offline = try Self.commands(containing: "\"$GUIDANCE\" check --offline")
        #expect(!offline.isEmpty, "no offline check in \(Self.workflows[0])")
        for line in offline {
            let given = line.replacing("'", with: "").replacing("\"$GUIDANCE\"", with: "")
            #expect(given.hasPrefix(arguments + " --format "), "\(line) is not `make check`'s \(arguments) with a format")
        }
    }

    /// The few lines docs/ci.md gives another partnership's repository call
    /// the reusable workflow with inputs it declares (every required one
    /// given), grant every permission its jobs ask for, and run on every
    /// event its jobs wait for.
    @Test func theDocumentedCallerMatchesTheReusableWorkflow() throws {
        let callers = try Self.blocks("yaml", in: "docs/ci.md").filter { $0.contains("workflows/sheets.yml@") }
        #expect(callers.count == 1, "docs/ci.md shows \(callers.count) calls of sheets.yml")
        let reusable = try Self.yaml(Self.read(Self.workflows[0]), Self.workflows[0])
        let on = try #require(reusable["on"] as? [String: Any])
        let inputs = try #require((on["workflow_call"] as? [String: Any])?["inputs"] as? [String: [String: Any]])
        let jobs = try #require(reusable["jobs"] as? [String: [String: Any]])
        var asked = Set<String>()
        for job in jobs.values { asked.formUnion((job["permissions"] as? [String: String] ?? [:]).keys) }
        let events = ["push", "pull_request", "schedule", "workflow_dispatch"].filter { event in
            jobs.values.contains { ($0["if"] as? String)?.contains("'\(event)'") == true }
        }
        for caller in callers {
            let workflow = try Self.yaml(caller, "docs/ci.md's caller")
            let calls = try #require(workflow["jobs"] as? [String: [String: Any]])
            let call = try #require(calls.values.first { ($0["uses"] as? String)?.contains("workflows/sheets.yml@") == true })
            let with = call["with"] as? [String: String] ?? [:]
            #expect(Set(with.keys).isSubset(of: inputs.keys), "undeclared inputs \(Set(with.keys).subtracting(inputs.keys).sorted())")
            let required = inputs.filter { $0.value["required"] as? String == "true" }.keys
            #expect(Set(required).isSubset(of: with.keys), "inputs not given: \(Set(required).subtracting(with.keys).sorted())")
            let granted = Set((call["permissions"] as? [String: String] ?? [:]).keys)
            #expect(asked.isSubset(of: granted), "permissions not granted: \(asked.subtracting(granted).sorted())")
            let triggers = Set((workflow["on"] as? [String: Any] ?? [:]).keys)
            #expect(Set(events).isSubset(of: triggers), "events the jobs wait for but the caller never sends: \(Set(events).subtracting(triggers).sorted())")
        }
    }

    /// Every shell block README and docs/ci.md give for an install by hand
    /// or another CI is valid `sh`, and each `make` target it runs exists.
    @Test(arguments: ["README.md", "docs/ci.md"])
    func theDocumentedInstallCommandsRun(_ document: String) throws {
        let scripts = try Self.blocks("sh", in: document).filter { $0.contains("apt-get install") }
        #expect(!scripts.isEmpty, "\(document) shows no install")
        for script in scripts {
            #expect(try Self.shellProblem(script) == nil, "\(document): \(script)")
            let targets = script.matches(of: #/\bmake (?:-s )?([a-z][a-z-]*)/#).map { String($0.output.1) }
            // A package file (apt-get install ./guidance_....deb) is no list of packages.
            let lists = script.split(separator: "\n").filter { $0.contains("apt-get install") && !$0.contains("./") }
            #expect(lists.isEmpty || targets.contains("print-apt"), "\(document) installs a list of its own: \(script)")
            for target in targets { _ = try Self.make(["-n", target]) }
        }
    }

    /// Every `run:` script of the workflows is one `sh` can read.
    @Test func everyStepScriptIsValidShell() throws {
        for step in try Self.steps() {
            guard let run = step["run"] as? String else { continue }
            let problem = try Self.shellProblem(run)
            #expect(problem == nil, "step '\(step["name"] as? String ?? "?")': \(problem ?? "")")
        }
    }
}
