import Foundation

/// JSON Schemas (draft 2020-12) of the two files other sites read,
/// `manifest.json` and `contacts.json`, published beside them so that a
/// site can validate what it fetches and its authors can read what each
/// member means. Each file names its schema in `$schema` and carries a
/// `formatVersion`. The schemas allow members they do not describe, so a
/// member added within a format (the way formats grow here) does not break
/// a site that validates; a member renamed or removed raises the format.
/// Tested against the metaschema and the published files with
/// check-jsonschema (`PublishedSchemaTests`).
enum PublishedSchemas {
    /// `manifest.schema.json`, with its `$id` under `base-url` when one is set.
    static func manifest(baseURL: String?) -> Data { document(manifestBody, name: OutputLayout.manifestSchema, baseURL: baseURL) }

    /// `contacts.schema.json`, likewise.
    static func registry(baseURL: String?) -> Data { document(registryBody, name: OutputLayout.registrySchema, baseURL: baseURL) }

    /// The schema's text with `$schema` and, under `base-url`, `$id` first.
    private static func document(_ body: String, name: String, baseURL: String?) -> Data {
        var head = "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
        if let baseURL { head += "  \"$id\": \(quoted(baseURL + name)),\n" }
        return Data((head + body).utf8)
    }

    /// A JSON string literal.
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// The `formatVersion` member, the same in both schemas.
    private static let formatVersionMember = #"""
        "formatVersion": {
              "title": "Format version",
              "description": "The format of this file. Members may be added without changing it; it is raised when a member is renamed, removed or changes meaning.",
              "type": "integer",
              "const": 1
            }
        """#

    private static let manifestBody = #"""
          "title": "Safeguarding guidance sheets: manifest",
          "description": "manifest.json, published beside the sheets by `guidance build`: every sheet version's current edition and its history of changes, what it is called, whom it is for, when it was reviewed and where it is published, and the SHA-256 of every file the build published. Members not described here may be added within a format version; read what you know and ignore the rest.",
          "type": "object",
          "required": ["formatVersion", "versions"],
          "properties": {
            "$schema": {
              "title": "Schema",
              "description": "This schema's published address (manifest.schema.json beside the manifest), or its name alone when the partnership has set no base URL.",
              "type": "string"
            },
            \#(formatVersionMember),
            "versions": {
              "title": "Sheet versions",
              "description": "Every sheet version ever published, by `audience/slug` (for example `schools/indecent-images`): the audience's folder in the output and the sheet's file name without extension. Versions since withdrawn stay, with `withdrawn` set.",
              "type": "object",
              "propertyNames": { "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$" },
              "additionalProperties": {
                "title": "Sheet version",
                "description": "One sheet for one audience.",
                "$ref": "#/$defs/version"
              }
            },
            "files": {
              "title": "Published files",
              "description": "The SHA-256 of every file the build published, by path relative to the output folder (for example `schools/indecent-images.pdf`), every file but this manifest itself. A build verifies what it keeps against these.",
              "type": "object",
              "additionalProperties": {
                "title": "SHA-256",
                "description": "The file's SHA-256, 64 lower-case hexadecimal digits.",
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            }
          },
          "$defs": {
            "date": {
              "title": "Date",
              "description": "A day, as YYYY-MM-DD.",
              "type": "string",
              "format": "date",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
            },
            "version": {
              "title": "Sheet version",
              "description": "One sheet for one audience: its current edition, every edition before it, and what other sites show of it.",
              "type": "object",
              "required": ["edition", "date", "hash", "history"],
              "properties": {
                "edition": {
                  "title": "Current edition",
                  "description": "The current edition's number, printed in the sheet's footer. It rises by one exactly when the published text (wording or contact details) changes.",
                  "type": "integer",
                  "minimum": 1
                },
                "date": {
                  "title": "Edition date",
                  "description": "The current edition's date: the day its content was last confirmed (the later of the sheet's review date and the verified date of every contact it shows).",
                  "$ref": "#/$defs/date"
                },
                "hash": {
                  "title": "Text hash",
                  "description": "SHA-256 of the version's published text without its edition line and dates: what the build compares to decide whether a new edition is due. Not the hash of a file (those are in `files`).",
                  "type": "string",
                  "pattern": "^[0-9a-f]{64}$"
                },
                "history": {
                  "title": "Editions",
                  "description": "Every edition, oldest first; the last is the current one.",
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "title": "Edition",
                    "description": "One edition of the version.",
                    "$ref": "#/$defs/edition"
                  }
                },
                "withdrawn": {
                  "title": "Withdrawal",
                  "description": "Present once the version is withdrawn: its page then says when, why and what to use instead, and its PDF is no longer published.",
                  "$ref": "#/$defs/withdrawal"
                },
                "title": {
                  "title": "Sheet title",
                  "description": "The sheet's title, as printed at its top.",
                  "type": "string"
                },
                "audience": {
                  "title": "Audience id",
                  "description": "The audience's id: its folder in the output (`schools`).",
                  "type": "string",
                  "pattern": "^[a-z0-9][a-z0-9-]*$"
                },
                "audienceLabel": {
                  "title": "Audience",
                  "description": "Whom this version is for, as printed on it (`Schools and colleges`).",
                  "type": "string"
                },
                "reviewed": {
                  "title": "Reviewed",
                  "description": "When the sheet's content was last reviewed (its `reviewed` date).",
                  "$ref": "#/$defs/date"
                },
                "nextReview": {
                  "title": "Next review due",
                  "description": "When the sheet is next due for review (its `next-review` date). Absent once the version is withdrawn.",
                  "$ref": "#/$defs/date"
                },
                "urls": {
                  "title": "Addresses",
                  "description": "Where the version is published. Present only when the partnership has set a base URL (`base-url` in guidance.yaml).",
                  "$ref": "#/$defs/addresses"
                }
              }
            },
            "edition": {
              "title": "Edition",
              "description": "One edition of a sheet version.",
              "type": "object",
              "required": ["edition", "date", "notes"],
              "properties": {
                "edition": {
                  "title": "Edition number",
                  "description": "1 for the first edition, then 2, 3, ... with none missing.",
                  "type": "integer",
                  "minimum": 1
                },
                "date": {
                  "title": "Edition date",
                  "description": "The day the edition's content was last confirmed; never earlier than the edition before.",
                  "$ref": "#/$defs/date"
                },
                "notes": {
                  "title": "What changed",
                  "description": "What changed since the edition before: the author's words, then the contact details the build found changed. Empty for a first edition and for a change nobody described.",
                  "type": "array",
                  "items": {
                    "title": "Change note",
                    "description": "One change, as a sentence.",
                    "type": "string"
                  }
                },
                "changesEntry": {
                  "title": "Changes entry",
                  "description": "The sheet's `changes:` front matter when this edition was made, so that the next change is seen to need a new one.",
                  "type": "string"
                }
              }
            },
            "withdrawal": {
              "title": "Withdrawal",
              "description": "A withdrawal as published.",
              "type": "object",
              "required": ["date", "reason", "title"],
              "properties": {
                "date": {
                  "title": "Withdrawn on",
                  "description": "The day the sheet was withdrawn.",
                  "$ref": "#/$defs/date"
                },
                "reason": {
                  "title": "Reason",
                  "description": "Why it was withdrawn, in the office's words.",
                  "type": "string"
                },
                "title": {
                  "title": "Title when withdrawn",
                  "description": "The sheet's title when it was withdrawn.",
                  "type": "string"
                },
                "instead": {
                  "title": "Use instead",
                  "description": "The sheet to use instead, by its file name without extension (in the same audience's folder), if any.",
                  "type": "string",
                  "pattern": "^[a-z0-9][a-z0-9-]*$"
                }
              }
            },
            "addresses": {
              "title": "Addresses",
              "description": "A version's published addresses.",
              "type": "object",
              "required": ["page", "text"],
              "properties": {
                "page": {
                  "title": "Page",
                  "description": "The sheet's HTML page, where the QR code on the printed sheet leads.",
                  "type": "string",
                  "format": "uri"
                },
                "pdf": {
                  "title": "PDF",
                  "description": "The sheet's PDF, one A4 page to print. Absent when the output holds no PDF of it (built without a browser, or withdrawn).",
                  "type": "string",
                  "format": "uri"
                },
                "text": {
                  "title": "Plain text",
                  "description": "The sheet as plain text, for e-mail and screen readers.",
                  "type": "string",
                  "format": "uri"
                }
              }
            }
          }
        }

        """#

    private static let registryBody = #"""
          "title": "Safeguarding guidance sheets: contacts",
          "description": "contacts.json, published beside the sheets by `guidance build`: every contact in the partnership's registry (Guidance/contacts.yaml) with the details the sheets print, and when each was last checked. Members not described here may be added within a format version; read what you know and ignore the rest.",
          "type": "object",
          "required": ["formatVersion", "partnership", "contacts"],
          "properties": {
            "$schema": {
              "title": "Schema",
              "description": "This schema's published address (contacts.schema.json beside this file), or its name alone when the partnership has set no base URL.",
              "type": "string"
            },
            \#(formatVersionMember),
            "partnership": {
              "title": "Partnership",
              "description": "The safeguarding partnership that keeps the registry and publishes the sheets.",
              "type": "string"
            },
            "contacts": {
              "title": "Contacts",
              "description": "Every contact, by its id in the registry (the name the sheets' placeholders use, as in {{mash.phone}}).",
              "type": "object",
              "propertyNames": { "pattern": "^[a-z0-9][a-z0-9-]*$" },
              "additionalProperties": {
                "title": "Contact",
                "description": "One contact.",
                "$ref": "#/$defs/contact"
              }
            }
          },
          "$defs": {
            "contact": {
              "title": "Contact",
              "description": "One service or person the sheets tell readers to contact. Every field but name and verified is optional: a contact has only the details that are published for it.",
              "type": "object",
              "required": ["name", "verified"],
              "properties": {
                "name": {
                  "title": "Name",
                  "description": "The contact's name as the sheets print it. Never holds opening hours: those are in hours.",
                  "type": "string",
                  "minLength": 1
                },
                "phone": {
                  "title": "Phone number",
                  "description": "The number as the sheets print it and a reader dials it in the UK: a UK number in national format (020 8901 2690), or a short code as it is dialled (999, 101, 111, 116 123).",
                  "type": "string"
                },
                "e164": {
                  "title": "Phone number, international (E.164)",
                  "description": "The number in E.164 international form (+442089012690): a plus sign, the country code and the number, no spaces; for software that dials, sends texts or compares numbers. Absent for short codes (999, 112, 101, 111, 116 000, 116 123 and the like): they have no E.164 form, work only when dialled within the UK, and are dialled as written in phone. Absent too when the contact has no phone number.",
                  "type": "string",
                  "pattern": "^[+][1-9][0-9]{1,14}$"
                },
                "email": {
                  "title": "E-mail address",
                  "description": "The contact's e-mail address.",
                  "type": "string",
                  "format": "email"
                },
                "hours": {
                  "title": "Opening hours",
                  "description": "When the contact can be reached, in words (Monday to Friday, 9am to 5pm; 24 hours). Absent when the registry does not say.",
                  "type": "string"
                },
                "url": {
                  "title": "Web address",
                  "description": "The contact's web page.",
                  "type": "string",
                  "format": "uri"
                },
                "verified": {
                  "title": "Verified",
                  "description": "The day someone last checked the contact's details (YYYY-MM-DD). A build refuses to publish a changed number, e-mail or web address whose verified date did not move.",
                  "type": "string",
                  "format": "date",
                  "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                }
              }
            }
          }
        }

        """#
}
