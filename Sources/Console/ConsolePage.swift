import Foundation

/// One page: the layout every page shares (navigation, language, who is logged in, the notice of
/// the last action) around its own body.
struct ConsolePage {
    let text: ConsoleText
    /// The logged-in operator's name and CSRF token, nil when nobody is logged in.
    let session: (name: String, csrf: String)?
    let canLogIn: Bool
    var notice: String?

    func link(_ path: String, _ query: [(String, String)] = []) -> String {
        let items = query + [("lang", text.language)]
        return path + "?" + items.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func render(title: String, body: String) -> String {
        let nav = [
            ("/", text["overview"]), ("/search", text["search"]), ("/dead", text["dead"]), ("/tax", text["tax"]),
        ].map { "<a href=\"\(link($0.0))\">\(HTML.escape($0.1))</a>" }.joined(separator: " | ")
        let other = text.language == "en" ? "zh" : "en"
        var account = ""
        if let session {
            account =
                "\(HTML.escape(text["loggedInAs"]))<span id=\"operator\">\(HTML.escape(session.name))</span> "
                + "<form method=\"post\" action=\"/logout\" class=\"inline\">\(csrfField)<button id=\"logout\">\(HTML.escape(text["logout"]))</button></form>"
        } else if canLogIn {
            account = "<a id=\"login-link\" href=\"\(link("/login"))\">\(HTML.escape(text["login"]))</a>"
        }
        let noticeHTML = notice.map { "<p id=\"notice\" class=\"notice\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <!doctype html><html lang="\(text.language == "en" ? "en" : "zh-CN")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(HTML.escape(title)) · swgate</title>
            <style>\(Self.style)</style></head><body>
            <header><strong>\(HTML.escape(text["title"]))</strong> <nav>\(nav)</nav>
            <span class="right"><a href="?lang=\(other)">\(other == "en" ? "English" : "中文")</a> \(account)</span></header>
            <main><h1>\(HTML.escape(title))</h1>\(noticeHTML)\(body)</main></body></html>
            """
    }

    /// The hidden field every form posts back.
    var csrfField: String {
        session.map { "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape($0.csrf))\">" } ?? ""
    }

    func table(id: String, headers: [String], rows: [[String]]) -> String {
        let head = headers.map { "<th>\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined()
        return "<table id=\"\(id)\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    static let style = """
        body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222}header{background:#1f3a5f;color:#fff;padding:.6em 1em}
        header a{color:#dfe8f5}.right{float:right}main{padding:1em}table{border-collapse:collapse;margin:.5em 0}
        td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;font-size:.9em}th{background:#f0f3f7}
        .notice{background:#e8f5e9;padding:.5em}.refused{background:#fdecea;padding:.5em}.inline{display:inline}
        pre{background:#f7f7f7;padding:.5em;overflow:auto;max-height:30em}.cards td{min-width:8em}
        """
}
