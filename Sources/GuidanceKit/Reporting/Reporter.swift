import Foundation

/// How findings are reported: text for people, JSON for tools, GitHub
/// annotations for CI; each is one function of `Reporter`, and none decides anything.
package enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, github
}

package struct Summary: Sendable, Equatable {
    package var errors: Int
    package var warnings: Int
    package var notes: Int
    package var files: Int

    package init(_ findings: [Finding], files: Int) {
        errors = findings.count(.error)
        warnings = findings.count(.warning)
        notes = findings.count(.note)
        self.files = files
    }

    /// "2 errors, 1 warning in 5 files" / "no problems in 5 files".
    package var line: String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        if errors > 0 { parts.append(plural(errors, "error")) }
        if warnings > 0 { parts.append(plural(warnings, "warning")) }
        if notes > 0 { parts.append(plural(notes, "note")) }
        let what = parts.isEmpty ? "no problems" : parts.joined(separator: ", ")
        return "\(what) in \(plural(files, "file"))"
    }
}

package enum Reporter {
    /// Text from a source made safe to print: every control character (C0,
    /// DEL, C1) shown as `\u{1B}`, never sent. An escape sequence in an
    /// e-mail field would otherwise set the terminal's title or erase the
    /// line that names the real error, and a line break in a file name would
    /// forge a finding of its own. `keep` names characters the caller lays
    /// out itself (the line breaks of a suggestion).
    package static func visible(_ text: String, keeping keep: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !keep.contains($0) }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if isControl(scalar), !keep.contains(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    package static func render(_ findings: [Finding], files: Int, format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .text: text(findings, files: files, color: color)
        case .json: json(findings, files: files)
        case .github: github(findings)
        }
    }

    /// Compiler style: `Guidance/x.md:14:5: error: message [rule]`; a finding
    /// about no one file as a compiler's general error, `guidance: error: ...`.
    package static func text(_ findings: [Finding], files: Int, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        // Errors first, then warnings, then notes, each in file order: the one
        // error is never buried under repeated warnings.
        for finding in Severity.allCases.flatMap({ severity in findings.filter { $0.severity == severity } }) {
            let severity: String
            switch finding.severity {
            case .error: severity = paint("error", "1;31")
            case .warning: severity = paint("warning", "1;33")
            case .note: severity = paint("note", "1;36")
            }
            out += "\(paint(visible(finding.location.description), "1")): \(severity): \(visible(finding.message)) [\(finding.rule.rawValue)]\n"
            if let suggestion = finding.suggestion {
                out += "    suggestion: \(visible(suggestion, keeping: ["\n"]).replacingOccurrences(of: "\n", with: "\n      "))\n"
            }
        }
        out += Summary(findings, files: files).line + "\n"
        return out
    }

    /// The JSON report's format version (`version`; docs/report.schema.json
    /// describes it). Raised when a member changes meaning or goes; members
    /// are added without raising it.
    package static let jsonVersion = 1

    /// What a build published, for `guidance build --format json`.
    package struct BuildOutcome: Sendable, Encodable {
        /// Whether anything was published (false when errors stopped the build).
        package var published: Bool
        /// Sheet versions (`audience/slug`) added to and removed from the output.
        package var added: [String]
        package var removed: [String]
        /// Files written with new bytes, relative to the output folder.
        package var written: [String]
        /// Contact details changed since the last publication: contact id,
        /// field (`phone`, `email`, `url`), `from`, `to`, `reverified`.
        package var contactChanges: [PublishedRegistry.Change]
        /// Sheet versions whose edition this build raised: `version`,
        /// `audience`, `sheet`, `edition`.
        package var newEditions: [RaisedEdition]
        /// Sheet versions this build withdrew: their addresses now say when, why and what instead.
        package var withdrawn: [String]
        /// Files rewritten because they did not match what the last build
        /// recorded of them (`file` relative to the output folder, `reason`).
        package var replaced: [Build.Replacement]
        /// Files not as recorded that a build of some audiences left as they are.
        package var left: [Build.Replacement]

        package init(_ result: Build.Result) {
            published = result.report != nil
            added = result.added
            removed = result.removed
            written = result.report?.written ?? []
            contactChanges = result.contactChanges
            newEditions = result.editionsRaised
            withdrawn = result.withdrawn
            replaced = result.replaced
            left = result.left
        }
    }

    /// One object: `version`, `tool`, `findings`, `summary`, and for a
    /// build what it published (`build`).
    package static func json(_ findings: [Finding], files: Int, build: BuildOutcome? = nil) -> String {
        struct Item: Encodable {
            var file: String, line: Int, column: Int, severity: String, rule: String, message: String
            var suggestion: String?
            var languageRule: String?
            var languageFact: String?
        }
        struct Tool: Encodable { var name = "guidance", version = GuidanceVersion.current }
        struct SummaryJSON: Encodable { var errors: Int, warnings: Int, notes: Int, files: Int }
        struct Document: Encodable {
            var version = Reporter.jsonVersion
            var tool = Tool()
            var findings: [Item]
            var summary: SummaryJSON
            var build: BuildOutcome?
        }
        let summary = Summary(findings, files: files)
        let document = Document(
            findings: findings.map {
                Item(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                     severity: $0.severity.rawValue, rule: $0.rule.rawValue, message: $0.message, suggestion: $0.suggestion,
                     languageRule: $0.languageRule, languageFact: $0.languageFact)
            },
            summary: SummaryJSON(errors: summary.errors, warnings: summary.warnings, notes: summary.notes, files: summary.files),
            build: build)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// GitHub Actions workflow commands, one annotation per finding: `%`,
    /// CR and LF escaped as GitHub reads them, every other control character
    /// shown as `\u{1B}` (the log would otherwise obey it).
    package static func github(_ findings: [Finding]) -> String {
        func escapeData(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == 13 || $0 == 10 }) else { return visible(s) }
            return visible(s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A"))
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var out = ""
        for finding in findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var message = finding.message
            if let suggestion = finding.suggestion { message += " (suggestion: \(suggestion))" }
            // A finding about no one file is an annotation of the run, not of a line.
            let place = finding.location.hasFile
                ? "file=\(escapeProperty(finding.location.file)),line=\(finding.location.line),col=\(finding.location.column),"
                : ""
            out += "::\(command) \(place)title=\(escapeProperty(finding.languageRule ?? finding.rule.rawValue))::\(escapeData(message))\n"
        }
        return out
    }
}
