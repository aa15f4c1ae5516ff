import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct LintLanguageCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint-language",
            abstract: "Check any text (e.g. a case record) for language that implies a child consented or is to blame.",
            discussion: """
                Files ending in .md or .markdown are read as Markdown; anything else as plain text. \
                '-' reads standard input. Uses the partnership's overrides from Guidance/guidance.yaml \
                when the root has one. Exits 1 when anything is found (an error or a warning; \
                notes, such as a rule's finding on a sentence the learned judge reads as sound, are \
                shown but do not count).

                With --evaluate, each file is a labelled set of sentences (label<TAB>sentence or \
                label<TAB>kind<TAB>sentence, label 1 = to flag, 0 = not): prints recall and false-positive \
                rate with every miss and false alarm, and exits 1 when recall is below 0.85 or false \
                positives above 5%. A file in a folder named 'sealed' is a sealed set: only its figures \
                are printed, never its sentences, and they decide nothing.

                With --explain, each finding is followed by a note saying why: the rule and the pattern \
                that matched and the fact about the sentence that decided (the subject is a child, an \
                older person is named ...); a note also shows each near-miss, a match that a fact excused \
                (the subject is an adult, the children are peers, the words are quoted to be corrected ...).
                """)

        @Argument(help: "Files to check, or - for standard input.")
        var files: [String]

        @Option(help: "Report format: text, json or github.")
        var format: ReportFormat = .text

        @Option(name: .long, help: "The project root whose Guidance/guidance.yaml overrides apply (default: current folder).",
                transform: { URL(fileURLWithPath: $0) })
        var root: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

        @Flag(help: "Treat the files as labelled sentences and print recall and false-positive rate.")
        var evaluate = false

        @Flag(help: "After each finding, and for each near-miss, say why: the rule, the pattern and the fact that decided.")
        var explain = false

        @Option(help: "Who judges: rules, model (the learned judge alone) or both (the model reads what the rules do not flag, and makes a note of a rule's finding on a sentence it reads as sound).")
        var judge: LanguageJudgement = .both

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file, or - for standard input") }
        }

        func run() async throws {
            var (linter, findings) = LintLanguage.linter(root: root, judgement: judge)
            if evaluate {
                // The note that the model is missing goes to standard error: the figures are the rules' alone.
                for finding in findings where finding.languageRule == "language.model" { printError("guidance: note: \(finding.message)") }
                return try runEvaluation(linter)
            }
            linter.explaining = explain
            for file in files {
                let data: Data
                if file == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let read = FileManager.default.contents(atPath: file) else {
                        printError("guidance: error: cannot read \(file)")
                        throw Exit.cannotRun
                    }
                    data = read
                }
                findings += LintLanguage.lint(data, name: file == "-" ? "<stdin>" : file, with: linter)
            }
            findings = findings.sortedForReport()
            print(Reporter.render(findings, files: files.count, format: format,
                                  color: format == .text && useColor(STDOUT_FILENO)), terminator: "")
            // Notes are not findings to act on: those of --explain, the one saying
            // the model is not installed, and a rule's finding on a sentence the
            // learned judge reads as sound (shown, for a person to check).
            if findings.contains(where: { $0.severity != .note }) {
                throw Exit.findings
            }
        }

        /// Prints the figures for each labelled file; exits 1 when one misses the targets.
        private func runEvaluation(_ linter: LanguageLinter) throws {
            var allMeet = true
            for file in files {
                guard let text = file == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                                             : try? String(contentsOfFile: file, encoding: .utf8) else {
                    printError("guidance: error: cannot read \(file)")
                    throw Exit.cannotRun
                }
                let sentences: [LanguageEvaluation.Sentence]
                do { sentences = try LanguageEvaluation.read(text, file: file) } catch {
                    printError("guidance: error: \(error)")
                    throw Exit.cannotRun
                }
                linter.prepare(sentences.map(\.text))
                let evaluation = LanguageEvaluation(file: file, sentences: sentences, linter: linter)
                print(evaluation.report, terminator: "")
                // A sealed set is a figure to report, not a target to tune to.
                allMeet = allMeet && (evaluation.isSealed || evaluation.meetsTargets)
            }
            if !allMeet { throw Exit.findings }
        }
    }
}

extension LanguageJudgement: ExpressibleByArgument {}
