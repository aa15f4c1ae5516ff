import Foundation

/// `Output/subscribe.html`, where "Subscribe to new editions" on the download
/// page leads: a feed opened in a browser is raw XML (and the XSLT that once
/// dressed it up is leaving browsers), so this page says in plain words what
/// a feed is and how to follow one, and links each feed: the one for every
/// audience and one per audience, so a school follows only the schools' sheets.
extension SheetRenderer {
    /// - Parameter audiences: the audiences with a feed of their own (those
    ///   the build publishes anything for), in the configuration's order.
    func subscribeHTML(audiences: [Configuration.Audience]) -> String {
        func escape(_ text: String) -> String { HTMLEscaping.text(text) }
        // Text escaping covers attributes too: it escapes `"`.
        func attribute(_ text: String) -> String { HTMLEscaping.text(text) }
        let feeds = audiences.map { audience in
            let who = Self.lowercasedFirst(audience.label)
            return (path: OutputLayout.feed(audience: audience.id), who: who, holds: "new editions of the sheets for \(who) only")
        } + [(path: OutputLayout.feed, who: "every audience", holds: "new editions of every sheet, for every audience")]

        var head = ""
        for feed in feeds {
            head += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(attribute("New editions for " + feed.who))\" "
                + "href=\"\(attribute(feed.path))\">\n"
        }
        var list = ""
        for feed in feeds {
            list += "<li><a href=\"\(attribute(feed.path))\" type=\"application/atom+xml\">Feed for \(escape(feed.who))</a>: \(escape(feed.holds))."
            if let base = configuration.baseURL {
                list += " Its address: <code class=\"feed-address\">\(escape(base + feed.path))</code>"
            }
            list += "</li>\n"
        }
        return pageHead(title: "Subscribe to new editions: safeguarding guidance sheets, \(escape(configuration.partnership))",
                        links: head, after: """
                            <style>
                            .feed-address { overflow-wrap: anywhere; }
                            .subscribe h3 { font-size: 11.5pt; margin: 0.6rem 0 0.1rem; }
                            </style>

                            """) + """
            <body class="index subscribe">
            <header class="masthead">
            \(configuration.theme.logoTag)<h1>Subscribe to new editions</h1>
            <p class="owner">\(escape(configuration.partnership))</p>
            </header>
            <main>
            <p>When a sheet changes, it gets a new edition, printed in its footer. Subscribe to a feed and you are told of each new edition, with what changed and links to the sheet's page and its PDF, without coming back to check.</p>
            <section aria-labelledby="feeds">
            <h2 id="feeds">Choose a feed</h2>
            <ul>
            \(list)</ul>
            <p>Opened in a browser, a feed shows its raw contents (XML): that is for the programs below to read, not for you. To subscribe, copy the feed's address (right-click or press and hold its link, then choose Copy link) and paste it into one of them.</p>
            </section>
            <section aria-labelledby="what">
            <h2 id="what">What a feed is</h2>
            <p>A feed (an Atom or RSS feed) is a list of the latest changes to a website that a program checks for you, so you hear of a change without visiting the site. Each entry in these feeds is one new edition of one sheet: its title, the date, what changed, and links to its page and its PDF. A withdrawn sheet has an entry too, saying why and what to use instead.</p>
            </section>
            <section aria-labelledby="how">
            <h2 id="how">How to subscribe</h2>
            <h3>In a feed reader</h3>
            <p>A feed reader is an app or a website that collects feeds in one place; many are free, and some browsers and e-mail programs have one built in. Choose Add feed, Subscribe or the plus sign, and paste the feed's address.</p>
            <h3>By e-mail</h3>
            <p>An RSS-to-e-mail service sends you an e-mail whenever a feed has a new entry. Search for "RSS to email", sign up, and give it the feed's address. Use a mailbox your team shares, so that the e-mails still arrive when someone leaves.</p>
            <h3>In Outlook</h3>
            <p>Classic Outlook for Windows reads feeds itself: in the folder list, right-click RSS Subscriptions (or RSS Feeds), choose Add a New RSS Feed, paste the feed's address, then choose Add and Yes. Each new edition then arrives in that folder like an e-mail. The new Outlook and Outlook on the web do not read feeds: use one of the ways above.</p>
            </section>
            <p>Every current sheet: <a href="\(OutputLayout.index)">the safeguarding guidance sheets</a>.</p>
            </main>
            </body>
            </html>

            """
    }
}
