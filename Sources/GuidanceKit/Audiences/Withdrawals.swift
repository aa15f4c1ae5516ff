import Foundation

/// One published version of a sheet that is now withdrawn. Its old
/// addresses (`<audience>/<slug>.html` and `.txt`, where printed copies' QR
/// codes lead) keep a short page saying when, why and where to go instead;
/// its PDF goes.
package struct WithdrawnVersion: Sendable, Equatable {
    /// `audience/slug`, as the manifest records it.
    var key: String
    var audience: Configuration.Audience
    var slug: String
    var title: String
    var date: Day
    var reason: String
    /// The sheet to use instead, in the same audience's folder, if it has a
    /// version for this audience.
    var instead: Instead?
    /// The `instead:` as written, kept in the manifest even while it leads
    /// nowhere (that sheet withdrawn too), so the link comes back with it.
    var insteadAsWritten: String? = nil

    struct Instead: Sendable, Equatable {
        var slug: String
        var title: String
    }

    var html: String { key + ".html" }
    var text: String { key + ".txt" }

    /// What the manifest keeps of the withdrawal, so the page stays when the
    /// source is later deleted.
    var record: Manifest.Withdrawn {
        Manifest.Withdrawn(date: date.description, reason: reason, title: title, instead: insteadAsWritten ?? instead?.slug)
    }
}

/// Which published versions are withdrawn, and which have gone without a
/// withdrawal (an error: printed copies point at them).
///
/// A version is withdrawn when its sheet carries a `withdrawn:` block, or
/// when the manifest records it withdrawn and no source brings it back (the
/// source of a withdrawn sheet may be deleted once a build has published
/// the withdrawal). A version the manifest records that this build neither
/// publishes nor withdraws is an error naming how to withdraw it.
enum Withdrawals {
    static func resolve(project: Project, manifest: Manifest?, versions: [SheetVersion], audiences wanted: [String]?)
        -> (withdrawn: [WithdrawnVersion], findings: [Finding]) {
        guard let manifest else { return ([], []) }
        let config = project.configuration
        let live = Dictionary(project.sheets.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let fromSource = Dictionary(project.withdrawn.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let built = Set(versions.map(OutputLayout.base))
        var withdrawn: [WithdrawnVersion] = []
        var gone: [String: [String]] = [:]  // slug -> audiences
        var withdrawnInPartialBuild: Set<String> = []  // slugs
        for key in manifest.versions.keys.sorted() {
            let parts = key.split(separator: "/").map(String.init)
            guard parts.count == 2 else { continue }
            let (audienceID, slug) = (parts[0], parts[1])
            if let wanted, !wanted.contains(audienceID) { continue }
            guard !built.contains(key) else { continue }
            let audience = config.audience(audienceID) ?? Configuration.Audience(id: audienceID, label: audienceID)
            func instead(_ other: String?) -> WithdrawnVersion.Instead? {
                guard let other, let sheet = live[other], sheet.frontMatter.audiences.contains(audienceID),
                      built.contains("\(audienceID)/\(other)") else { return nil }
                return WithdrawnVersion.Instead(slug: other, title: sheet.frontMatter.title)
            }
            let record = manifest.versions[key]?.withdrawn
            if let sheet = fromSource[slug] {
                // Its block has its own finding when it cannot be read.
                guard let withdrawal = sheet.frontMatter.withdrawn else { continue }
                if wanted != nil, record == nil {
                    withdrawnInPartialBuild.insert(slug)
                    continue
                }
                withdrawn.append(WithdrawnVersion(key: key, audience: audience, slug: slug, title: sheet.frontMatter.title,
                                                  date: withdrawal.date, reason: withdrawal.reason,
                                                  instead: instead(withdrawal.instead), insteadAsWritten: withdrawal.instead))
            } else if let record, let date = Day(iso: record.date) {
                // Withdrawn before: its page stays, even when the name is in use
                // again for other audiences.
                withdrawn.append(WithdrawnVersion(key: key, audience: audience, slug: slug, title: record.title,
                                                  date: date, reason: record.reason, instead: instead(record.instead),
                                                  insteadAsWritten: record.instead))
            } else if live[slug] == nil || live[slug]?.frontMatter.broken.isEmpty == true {
                // A live sheet with a broken field may have lost a version for
                // that reason alone; its own finding says so.
                gone[slug, default: []].append(audienceID)
            }
        }
        var findings: [Finding] = []
        // A build of some audiences writes neither the download page nor the
        // feed, which would go on offering a withdrawn sheet's PDF.
        for sheet in project.withdrawn where withdrawnInPartialBuild.contains(sheet.slug) {
            findings.append(.error(.frontMatter, at: sheet.frontMatter.locations["withdrawn"] ?? SourceLocation(file: sheet.path, line: 1, column: 1),
                "withdrawing a sheet needs a build of every audience (the download page and the feed must say so too); "
                    + "run guidance build without --audience"))
        }
        for (slug, audiences) in gone.sorted(by: { $0.key < $1.key }) {
            findings.append(goneFinding(slug: slug, audiences: audiences, sheet: live[slug], config: config, manifest: manifest))
        }
        for sheet in project.withdrawn {
            guard let other = sheet.frontMatter.withdrawn?.instead else { continue }
            let location = sheet.frontMatter.locations["withdrawn"] ?? SourceLocation(file: sheet.path, line: 1, column: 1)
            if other == sheet.slug || live[other] == nil {
                let names = live.keys.sorted()
                findings.append(.error(.frontMatter, at: location,
                    "withdrawn: instead names '\(other)', which is not a sheet that is published; name the sheet readers should "
                        + "use instead by its file name without .md" + (names.isEmpty ? "" : " (one of: \(names.joined(separator: ", ")))")
                        + ", or leave instead out",
                    suggestion: Suggest.closest(to: other, among: names)))
            }
        }
        return (withdrawn, findings)
    }

    /// "Guidance/x.md was published ... but is gone": what to do instead.
    private static func goneFinding(slug: String, audiences: [String], sheet: Sheet?, config: Configuration,
                                    manifest: Manifest) -> Finding {
        let path = "Guidance/\(slug).md"
        let addresses = audiences.map { "Output/\($0)/\(slug).html" }.joined(separator: " and ")
        let how = "add a withdrawn: block to its front matter (date, reason and, if there is one, the sheet to use instead), "
            + "build, and the old address says so; see \"Withdrawing a sheet\" in docs/authoring-guide.md"
        guard let sheet else {
            return .error(.deletedSheet, at: SourceLocation(file: path, line: 1, column: 1),
                "\(path) was published (\(addresses)) but its source is gone, and printed copies' QR codes lead there. "
                    + "To withdraw it, restore the file (git checkout HEAD -- \(path)) and \(how). Renamed it? Withdraw the old "
                    + "name with instead: and the new name")
        }
        let location = sheet.frontMatter.locations["audiences"] ?? SourceLocation(file: sheet.path, line: 1, column: 1)
        let undeclared = audiences.filter { config.audience($0) == nil }
        let reason = undeclared.isEmpty
            ? "'\(audiences.joined(separator: "', '"))' \(audiences.count == 1 ? "is" : "are") no longer in its audiences"
            : "'\(undeclared.joined(separator: "', '"))' \(undeclared.count == 1 ? "is" : "are") no longer declared in \(Configuration.path)"
        return .error(.deletedSheet, at: location,
            "this sheet's \(addresses) \(audiences.count == 1 ? "was" : "were") published, and printed copies' QR codes lead there, "
                + "but \(reason). Put \(audiences.count == 1 ? "it" : "them") back; a single version cannot be withdrawn on its "
                + "own: to stop publishing this sheet, \(how)")
    }
}
