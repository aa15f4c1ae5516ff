import Foundation

/// `guidance init`: a working `Guidance/` for any partnership, so nobody
/// starts from a copy of Harrow's. It checks clean and builds at once: the
/// national contacts filled in (the same numbers as the shipped registry),
/// the partnership's own contacts marked `fill-in:` (a warning until they are
/// written, never a made-up number that passes), and one short sample sheet
/// that uses only the national ones. The page templates stay in the tool
/// unless asked for (`templates`), as copies to edit.
package enum StartProject {
    package typealias Failure = NewSheet.Failure

    /// The sample sheet's name (`Guidance/<slug>.md`).
    package static let sampleSlug = "worried-about-a-child"

    /// When the tool's authors last checked the national contacts below
    /// against the services' own published details.
    static let nationalContactsChecked = "2026-11-29"

    /// Why `name` cannot be the partnership's name, or nil when it can.
    package static func problem(withPartnership name: String) -> String? {
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return "--partnership is empty; give the partnership's name as printed on every sheet" }
        if name.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) {
            return "--partnership must be one line of text"
        }
        return nil
    }

    /// Why `url` cannot be where `Output/` is published, or nil when it can.
    package static func problem(withBaseURL url: String) -> String? {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"),
              let parsed = URL(string: url), let host = parsed.host, !host.isEmpty,
              !url.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
            return "--base-url must be the web address where Output/ will be published, starting with https:// "
                + "(e.g. https://example.org/guidance/), not '\(url)'"
        }
        return nil
    }

    /// Writes `Guidance/` into `root` (made when missing) and returns the
    /// paths written, relative to `root`. An existing `Guidance/` is refused
    /// and left as it was; nothing is written then.
    @discardableResult
    package static func write(root: URL, partnership: String, baseURL: String, templates: Bool,
                              today: Day) throws(Failure) -> [String] {
        if let problem = problem(withPartnership: partnership) { throw .usage(problem) }
        if let problem = problem(withBaseURL: baseURL) { throw .usage(problem) }
        let partnership = partnership.trimmingCharacters(in: .whitespaces)
        let guidance = root.appendingPathComponent("Guidance")
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw .cannotRun("cannot create \(root.path): \(error.localizedDescription)")
        }
        // mkdir is the lock: it fails when Guidance/ exists (as anything), so
        // an existing project is never written into, even by a race.
        if mkdir(guidance.path, 0o755) != 0 {
            if errno == EEXIST {
                throw .refused("\(guidance.path)/ already exists; guidance init starts a new project and never writes into "
                    + "one. Choose an empty folder (guidance init DIR), or move Guidance/ away first")
            }
            throw .cannotRun("cannot create \(guidance.path): \(String(cString: strerror(errno)))")
        }
        var files: [(String, String)] = [
            ("guidance.yaml", configuration(partnership: partnership, baseURL: baseURL)),
            ("contacts.yaml", registry()),
            ("\(sampleSlug).md", sampleSheet(today: today)),
        ]
        if templates {
            for name in Templates.files {
                guard let text = Templates.defaultText(name) else {
                    try? FileManager.default.removeItem(at: guidance)
                    throw .cannotRun("the tool's own \(name) is missing from its installation; reinstall guidance")
                }
                files.append(("templates/\(name)", text))
            }
        }
        do {
            if templates {
                try FileManager.default.createDirectory(at: guidance.appendingPathComponent("templates"), withIntermediateDirectories: false)
            }
            for (name, text) in files {
                try Data(text.utf8).write(to: guidance.appendingPathComponent(name), options: .withoutOverwriting)
            }
        } catch {
            // Half a project would be refused by the next init: take it away.
            try? FileManager.default.removeItem(at: guidance)
            throw .cannotRun("cannot write Guidance/ in \(root.path): \(error.localizedDescription)")
        }
        return files.map { "Guidance/\($0.0)" }
    }

    /// `guidance.yaml`: the partnership, its short name, the two audiences,
    /// the base URL, and the link settings as comments (their defaults).
    static func configuration(partnership: String, baseURL: String) -> String {
        let shortName = Identifier.slug(partnership, otherwise: "guidance")
        let url = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        return """
            # Settings for the partnership's guidance sheets (see the authoring guide).
            partnership: \(yamlScalar(partnership))

            # The partnership in file names: every download is saved as, for instance,
            # \(shortName)-schools-\(sampleSlug)-edition-1.pdf (lower-case letters,
            # digits, hyphens). Shorten it if you like.
            short-name: \(shortName)

            # Who each sheet is written for. The id (left) is used in audience markers and
            # in Output/ folder names; the label is printed at the top of the sheet.
            # own-contacts: each sheet of that audience has a box of ruled lines for the
            # setting's own contacts, filled in before printing from Output/<id>/own-copy.html.
            audiences:
              schools:
                label: Schools and colleges
                own-contacts: [Our designated safeguarding lead, Deputy, Where to find them]
              agencies: All other staff, agencies and the voluntary sector

            # Where Output/ is published.
            base-url: \(yamlScalar(url))

            # Places the sheets may name as this partnership's own besides the areas in
            # its name (guidance check warns about any other local authority area named).
            # places: [A neighbouring borough whose services you share]

            # Link checking (guidance check without --offline). Every setting has a
            # default; remove the # before links: and a setting to change it.
            # links:
            #   timeout: 10        # seconds per request
            #   retries: 2         # further tries after a timeout, 5xx or 429
            #   per-host: 2        # requests in flight at once to one site
            #   cache-hours: 24    # how long a working link is trusted

            """
    }

    /// `contacts.yaml`: the national contacts, as the shipped registry has
    /// them, and the partnership's own marked to fill in. `verified:` is the
    /// day the tool's authors checked them, never the day of `init` (the
    /// footer of every sheet prints it as the day the details were checked);
    /// they are due again a year later, as national numbers change rarely,
    /// and `check` lists the ones to ring (contact-not-rung) meanwhile.
    static func registry() -> String {
        let by = "the national contacts published with the guidance tool"
        let verified = nationalContactsChecked
        return """
            # The one place every phone number, e-mail address and web address on the
            # sheets comes from. Change a number here and every sheet changes with it.
            #
            # verified: the day someone last rang or checked the contact (YYYY-MM-DD).
            # verified-by: "call" if someone rang the number and reached the service, or
            #          the name of the document it was compared with. guidance check
            #          lists every number not yet rung (a note, contact-not-rung).
            # review-every: days until it must be checked again (default below).
            # retired: numbers this contact used to have; a sheet that prints one is an error.
            # notes: for the office; never printed.
            # fill-in: a contact still to be filled in. guidance check warns about it
            #          (fill-in-contact) and refuses any sheet that uses it, until its
            #          details are written and the fill-in: line is deleted.
            review-every: 180

            contacts:
              # NATIONAL contacts, the same across England, as the guidance tool's authors
              # checked them on \(verified). Ring each number, then set verified: to
              # that day and verified-by: call; check them again every year.

              police-emergency:
                name: Police (emergency)
                phone: "999"
                verified: \(verified)
                verified-by: the national emergency number
                review-every: 365

              police:
                name: Police (non-emergency)
                phone: "101"
                verified: \(verified)
                verified-by: the national non-emergency number
                review-every: 365

              nspcc:
                name: NSPCC Helpline
                phone: 0808 800 5000
                email: help@nspcc.org.uk
                url: https://www.nspcc.org.uk/
                verified: \(verified)
                verified-by: \(by)
                review-every: 365

              childline:
                name: Childline (free, for under-19s)
                phone: 0800 1111
                hours: 24 hours
                url: https://www.childline.org.uk/
                verified: \(verified)
                verified-by: \(by)
                review-every: 365

              posh:
                name: Professionals Online Safety Helpline
                phone: 0344 381 4772
                verified: \(verified)
                verified-by: \(by)
                review-every: 365
                retired: [0844 381 4772]

              ceop:
                name: CEOP (National Crime Agency)
                url: https://www.ceop.police.uk/
                verified: \(verified)
                verified-by: \(by)
                review-every: 365

              iwf:
                name: Internet Watch Foundation
                url: https://www.iwf.org.uk/
                verified: \(verified)
                verified-by: \(by)
                review-every: 365

              # LOCAL contacts: your partnership's own. FILL IN each one: write its
              # details under name: (phone, hours, email, url as the national ones are),
              # set verified: and verified-by:, then delete its fill-in: line.

              mash:
                fill-in: your children's services front door or multi-agency safeguarding hub (MASH)
                name: Multi-agency safeguarding hub (MASH)

              out-of-hours:
                fill-in: your out-of-hours children's social care service (emergency duty team)
                name: Emergency duty team (out of hours)

              lado:
                fill-in: your local authority designated officer (LADO), for allegations against staff
                name: Local authority designated officer (LADO)

              adult-safeguarding:
                fill-in: your adult safeguarding team, for concerns about an adult at risk
                name: Adult safeguarding

            """
    }

    /// One short sheet for both audiences, with only national contacts, so
    /// the project checks clean before any local contact is filled in.
    static func sampleSheet(today: Day) -> String {
        """
        ---
        title: Worried about a child? What to do
        audiences: [schools, agencies]
        reviewed: \(today)
        next-review: \(today.adding(months: NewSheet.reviewMonths))
        ---

        <!--
        A sample sheet from guidance init: rewrite it, or delete it once you
        have sheets of your own. It uses only national contacts; your own
        (mash, out-of-hours, lado, adult-safeguarding in contacts.yaml) can be
        used once they are filled in. guidance serve shows it as it will print.
        -->

        If you are worried that a child is being harmed, or is at risk of harm,
        act on it today. You do not need to be sure.

        ## Do

        - Listen, and tell the child they were right to tell you.
        - Write down what was said, in the child's own words, with the date and time.
        - Pass it on the same day.
        - If a child is in immediate danger, ring the police on {{police-emergency.phone}}.

        ## Don't

        - Do not promise to keep it secret.
        - Do not question the child in detail or investigate yourself.
        - Never view, copy, share or save an image of a child that may be indecent.

        ## Who to tell

        <!-- audience: schools -->
        Tell your designated safeguarding lead (DSL) at once, or their deputy if the
        DSL cannot be reached.
        <!-- /audience -->

        <!-- audience: agencies -->
        Tell your organisation's safeguarding lead at once.
        <!-- /audience -->

        ## National helplines

        - Police: {{police-emergency.phone}} in an emergency, {{police.phone}} otherwise.
        - {{nspcc}}, for any adult worried about a child.
        - {{childline}}, for children and young people.
        - {{posh}}, for staff with an online safety concern.
        - Online grooming or sexual abuse: report it to {{ceop.name}}, {{ceop.url}}
        - Sexual images of a child online: report them to the {{iwf.name}}, {{iwf.url}}

        """
    }

    /// A YAML scalar: plain where that reads the same, double-quoted otherwise.
    static func yamlScalar(_ text: String) -> String {
        // A plain scalar must not start with an indicator (& anchors, ' quotes,
        // - lists...) nor hold ": " or " #"; letters or digits first avoids them all.
        let plain = (text.first.map { $0.isLetter || $0.isNumber } ?? false)
            && text.allSatisfy { $0.isLetter || $0.isNumber || " ,.'()&/:-_".contains($0) }
            && !text.contains(": ") && !text.hasSuffix(":")
        return plain ? text : NewSheet.yamlQuoted(text)
    }
}
