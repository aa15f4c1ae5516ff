import Foundation

/// The registry as last published, `Output/contacts.json`: what the sheets in
/// `Output/` print, in a form schools and CI can read. A build compares the
/// registry with it, so a changed number cannot go out without a new
/// `verified` date (`changed-contact`). Its members are described in
/// `contacts.schema.json`, published beside it (see `PublishedSchemas`).
package struct PublishedRegistry: Codable, Sendable, Equatable {
    static let fileName = OutputLayout.registry
    /// `formatVersion` of the registries this build writes (see `Manifest.currentFormat`).
    static let currentFormat = 1

    struct Entry: Codable, Sendable, Equatable {
        var name: String
        var phone: String?
        /// The number in international (E.164) form, for software that
        /// dials; absent for short codes such as 999, 101 and 116 123, which
        /// have none (they are dialled as they are, within the UK only).
        var e164: String?
        var email: String?
        var hours: String?
        var url: String?
        var verified: String
    }

    /// The schema this file follows (`$schema`): its published address, or
    /// its name beside this file without `base-url`.
    var schema: String? = nil
    var formatVersion: Int? = nil
    var partnership: String
    var contacts: [String: Entry]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", formatVersion, partnership, contacts
    }

    init(partnership: String, registry: ContactRegistry, baseURL: String? = nil) {
        schema = (baseURL ?? "") + OutputLayout.registrySchema
        formatVersion = Self.currentFormat
        self.partnership = partnership
        var contacts: [String: Entry] = [:]
        for contact in registry.contacts {
            contacts[contact.id] = Entry(name: contact.name, phone: contact.text(of: .phone), e164: contact.phone?.e164,
                                         email: contact.email, hours: contact.hours, url: contact.url,
                                         verified: contact.verified.description)
        }
        self.contacts = contacts
    }

    /// The file's bytes: sorted keys, so the same registry gives the same bytes.
    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// The last publication in an output folder; nil when there is none (a first build).
    static func load(from output: URL) -> PublishedRegistry? {
        guard let data = RegularFile.contents(atPath: output.appendingPathComponent(fileName).path) else { return nil }
        return try? JSONDecoder().decode(PublishedRegistry.self, from: data)
    }

    /// One field of one contact that differs from the last publication.
    package struct Change: Sendable, Equatable, CustomStringConvertible, Encodable {
        var contact: String
        var field: String
        var old: String?
        var new: String?
        /// Whether `verified` moved on since the last publication.
        var reverified: Bool

        /// As tools read it (`build --format json`): `from` and `to` are
        /// absent where the detail was added or removed.
        private enum CodingKeys: String, CodingKey {
            case contact, field, old = "from", new = "to", reverified
        }

        package var description: String {
            "\(contact).\(field) \(old ?? "(none)") -> \(new ?? "(none)")"
        }
    }

    /// The phone numbers, e-mail addresses and web addresses that differ
    /// between the last publication and `registry` (contacts added or removed
    /// are not changes of a detail).
    func changes(to registry: ContactRegistry) -> [Change] {
        var changes: [Change] = []
        for contact in registry.contacts {
            guard let old = contacts[contact.id] else { continue }
            let reverified = contact.verified.description > old.verified
            let pairs: [(String, String?, String?)] = [
                ("phone", old.phone, contact.text(of: .phone)),
                ("email", old.email, contact.email),
                ("url", old.url, contact.url),
            ]
            for (field, before, after) in pairs where Self.normalised(before, field) != Self.normalised(after, field) {
                changes.append(Change(contact: contact.id, field: field, old: before, new: after, reverified: reverified))
            }
        }
        return changes
    }

    private static func normalised(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        switch field {
        case "phone": return PhoneNumber(value).key ?? value
        case "email": return value.lowercased()
        default: return value
        }
    }
}
