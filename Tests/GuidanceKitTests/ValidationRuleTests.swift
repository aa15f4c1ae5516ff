import Foundation
import Testing
@testable import GuidanceKit

/// The contact and link rules on a fixture that breaks each of them, checked
/// by rule, position and suggestion; and the phone layer on real numbers.
@Suite struct ValidationRuleTests {
    static func findings() throws -> [Finding] {
        let folder = Support.fixtures.appendingPathComponent("every-rule")
        let registry = try String(contentsOf: folder.appendingPathComponent("contacts.yaml"), encoding: .utf8)
        let sheet = try String(contentsOf: folder.appendingPathComponent("sheet.md"), encoding: .utf8)
        let root = try Support.smallProject(sheets: ["sheet.md": sheet], registry: registry,
                                            config: "partnership: P\naudiences:\n  schools: Schools\n")
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!)).findings
    }

    func find(_ findings: [Finding], _ rule: RuleID, line: Int, file: String = "Guidance/sheet.md") -> [Finding] {
        findings.filter { $0.rule == rule && $0.location.line == line && $0.location.file == file }
    }

    @Test func registryRules() throws {
        let findings = try Self.findings()
        let registry = "Guidance/contacts.yaml"
        let format = try #require(find(findings, .phoneFormat, line: 4, file: registry).first)
        #expect(format.suggestion == "020 7946 0123" && format.severity == .warning)
        #expect(format.location.column == 12)
        // No sheet of this fixture uses 'mash': overdue, but a warning (a used one is an error: OfficeChecksTests).
        #expect(find(findings, .staleContact, line: 6, file: registry).first?.severity == .warning)
        #expect(find(findings, .staleContact, line: 6, file: registry).first?.suggestion == nil, "no date is pre-filled")
        #expect(find(findings, .invalidPhone, line: 10, file: registry).count == 1)
        #expect(find(findings, .invalidEmail, line: 11, file: registry).count == 1)
        #expect(find(findings, .unsafeLink, line: 12, file: registry).count == 1)
        #expect(find(findings, .insecureLink, line: 17, file: registry).first?.suggestion == "https://example.org/help")
        // 180 days after 2026-06-01 is 2026-11-28: 13 days after 2026-11-15, a warning.
        #expect(find(findings, .staleContact, line: 18, file: registry).first?.severity == .warning)
        #expect(find(findings, .retiredNumber, line: 16, file: registry).count == 1)
    }

    @Test func sheetTextRules() throws {
        let findings = try Self.findings()
        let retired = try #require(find(findings, .retiredNumber, line: 8).first)
        #expect(retired.location.column == 6 && retired.suggestion == "{{mash.phone}}")
        let typed = try #require(find(findings, .unregisteredPhone, line: 8).first)
        #expect(typed.location.column == 23 && typed.suggestion == "{{mash.phone}}")
        #expect(find(findings, .unregisteredEmail, line: 8).first?.location.column == 53)
        #expect(find(findings, .invalidEmail, line: 9).first?.location.column == 1)
    }

    @Test func linkRules() throws {
        let findings = try Self.findings()
        let line11 = findings.filter { $0.location.line == 11 && $0.location.file == "Guidance/sheet.md" }
        #expect(line11.filter { $0.rule == .placeholderLink }.map(\.location.column) == [1, 27])
        #expect(line11.filter { $0.rule == .vagueLinkText }.map(\.location.column) == [1, 27])
        #expect(line11.filter { $0.rule == .unsafeLink }.map(\.location.column) == [41])
        let line12 = findings.filter { $0.location.line == 12 && $0.location.file == "Guidance/sheet.md" }
        #expect(line12.filter { $0.rule == .unsafeLink }.count == 1, "entity-disguised javascript:")
        #expect(line12.first { $0.rule == .insecureLink }?.suggestion == "https://www.harrowlscb.co.uk/")
        #expect(find(findings, .unsafeLink, line: 14).count == 1, "file: image")
    }

    @Test func phoneLayerOnRealNumbers() {
        let table: [(String, PhoneNumber.Kind, String?)] = [
            ("020 8901 2690", .valid, "020 8901 2690"),
            ("0208 901 2690", .valid, "020 8901 2690"),
            ("+44 20 8901 2690", .valid, "020 8901 2690"),
            ("02089012690", .valid, "020 8901 2690"),
            ("0808 800 5000", .valid, "0808 800 5000"),
            ("0800 1111", .valid, "0800 1111"),
            ("0344 381 4772", .valid, "0344 381 4772"),
            ("07911 123456", .valid, "07911 123456"),
            ("07700 900123", .invalid, nil),  // Ofcom drama range: no such number
            ("999", .shortCode, "999"),
            ("101", .shortCode, "101"),
            ("116123", .shortCode, "116 123"),
            ("116 111", .shortCode, "116 111"),
            ("020 7946 012", .invalid, nil),
            ("not a number", .unparseable, nil),
        ]
        for (written, kind, national) in table {
            let number = PhoneNumber(written)
            #expect(number.kind == kind, "\(written)")
            #expect(number.national == national, "\(written)")
        }
        #expect(PhoneNumber("999").telURI == "tel:999")
        #expect(PhoneNumber("999").isEmergency)
        #expect(PhoneNumber("020 8901 2690").e164 == "+442089012690")
        #expect(PhoneNumber("0208 901 2690").isSameNumber(as: PhoneNumber("+44 (0)20 8901 2690")))
        #expect(!PhoneNumber("020 8901 2690").isSameNumber(as: PhoneNumber("020 8901 2691")))
        #expect(PhoneNumber("0181 901 2690").isSameNumber(as: PhoneNumber("01819012690")), "retired numbers compare too")
        let found = PhoneNumber.find(in: "Ring 0208 901 2690 today, or +44 20 7946 0123.")
        #expect(found.map(\.number.written) == ["0208 901 2690", "+44 20 7946 0123"])
        // Years, counts and page numbers are not phone numbers (the benchmark's
        // "Guidance page 1000" link text was once an invalid-phone error, and
        // so would "the Children Act 1989" have been).
        let prose = "The Children Act 1989 applies. Over 1000 children, 12345 referrals in 2023, page 42, "
            + "on 29/11/2026 at 9.30. Ring 999 or 101, Childline on 0800 1111, Samaritans on 116 123, or 020 8901 2690."
        // "Ring 999 or 101": the short numbers people are told to ring are found too.
        #expect(PhoneNumber.find(in: prose).map(\.number.written) == ["999", "101", "0800 1111", "116 123", "020 8901 2690"])
        #expect(!PhoneNumber.looksLikePhoneNumber("1989") && !PhoneNumber.looksLikePhoneNumber("12345"))
        #expect(PhoneNumber.looksLikePhoneNumber("999") && PhoneNumber.looksLikePhoneNumber("116 000")
                && PhoneNumber.looksLikePhoneNumber("0844 381") && PhoneNumber.looksLikePhoneNumber("20 8901 2690"))
    }

    @Test func vagueLinkTextIgnoresCaseAndSpacing() {
        for text in ["Click HERE", "Ctrl + Click Here", "ctrl+click here", "  here ", "Read more…", "LINK"] {
            #expect(LinkRule.vagueTexts.contains(LinkRule.fold(text)), "\(text)")
        }
        for text in ["NSPCC Learning", "the partnership's procedures", "Report Remove"] {
            #expect(!LinkRule.vagueTexts.contains(LinkRule.fold(text)), "\(text)")
        }
    }
}
