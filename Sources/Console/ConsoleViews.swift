import CEBMessages
import Foundation
import Gateway
import Outbox

/// The pages' bodies, from what the outbox says.
extension ConsolePage {
    struct Overview {
        var status: OutboxStatus
        var overdue: Int
        var notifications: NotificationBacklog
        var platformData: PlatformRequestCounts
        var sentLastHour: Int
        var certificateDaysLeft: Int64?
        /// nil when the console runs alone (no worker, no breaker).
        var breakerOpen: Bool?
    }

    func overview(_ data: Overview) -> String {
        let documents = data.status.documentsByStatus.sorted { $0.key < $1.key }.map {
            let label = $0.key == "none" ? text["noReceipt"] : "\($0.key) \(ReturnStatus.meaning(of: $0.key, for: .ceb621))"
            return [HTML.escape(label), "<span class=\"count\">\($0.value)</span>"]
        }
        let messages = data.status.messagesByState.sorted { $0.key < $1.key }.map { [HTML.escape($0.key), "\($0.value)"] }
        let requests = PlatformRequest.State.allCases.map { [HTML.escape($0.rawValue), "\(data.platformData.byState[$0] ?? 0)"] }
        let facts: [[String]] = [
            [
                HTML.escape(text["deadCount"]),
                "<a id=\"dead-count\" href=\"\(link("/dead"))\">\(data.status.messagesByState["dead"] ?? 0)</a>",
            ],
            [HTML.escape(text["overdue"]), "\(data.overdue)"],
            [HTML.escape(text["notifications"]), "\(data.notifications.waiting)"],
            [HTML.escape(text["throughput"]), "\(data.sentLastHour)"],
            [HTML.escape(text["certificate"]), data.certificateDaysLeft.map { "\($0)" } ?? HTML.escape(text["none"])],
            [
                HTML.escape(text["breaker"]),
                "<span id=\"breaker\">\(HTML.escape(data.breakerOpen.map { $0 ? text["open"] : text["closed"] } ?? text["notAvailable"]))</span>",
            ],
        ]
        return "<div id=\"overview\">"
            + table(id: "facts", headers: ["", ""], rows: facts)
            + "<h2>\(HTML.escape(text["documents"]))</h2>"
            + table(id: "documents-by-status", headers: [text["customs"], "#"], rows: documents)
            + "<h2>\(HTML.escape(text["messages"]))</h2>" + table(id: "messages-by-state", headers: [text["state"], "#"], rows: messages)
            + "<h2>\(HTML.escape(text["platformData"]))</h2>" + table(id: "platform-data", headers: [text["state"], "#"], rows: requests)
            + "</div>"
    }

    /// A list of documents, each linking to its page; with `selectable`, a checkbox per message for
    /// the bulk actions.
    func documentTable(_ documents: [DocumentSummary], selectable: Bool = false) -> String {
        let rows = documents.map { document -> [String] in
            var row = [
                "<a href=\"\(link("/document/\(document.id)"))\">\(HTML.escape(document.orderNo))</a>",
                HTML.escape(document.messageType.rawValue), HTML.escape(document.state.rawValue),
                HTML.escape(document.customsStatus.map { "\($0) \(ReturnStatus.meaning(of: $0, for: document.messageType))" } ?? "-"),
                "<span class=\"reason\">\(HTML.escape(PersonalData.maskText(document.customsInfo ?? "")))</span>",
                HTML.escape(Self.time(document.updatedAt)),
            ]
            if selectable { row.insert("<input type=\"checkbox\" name=\"message\" value=\"\(document.messageID)\">", at: 0) }
            return row
        }
        var headers = [text["order"], text["type"], text["state"], text["customs"], text["reason"], text["updated"]]
        if selectable { headers.insert("", at: 0) }
        return table(id: "results", headers: headers, rows: rows)
    }

    func search(query: String, criteria: SearchCriteria, results: [DocumentSummary], nextBefore: Int64?) -> String {
        func select(_ name: String, _ options: [String], _ chosen: String?) -> String {
            "<select name=\"\(name)\" id=\"\(name)\"><option value=\"\"></option>"
                + options.map { "<option\($0 == chosen ? " selected" : "")>\(HTML.escape($0))</option>" }.joined() + "</select>"
        }
        var body = """
            <form id="search-form" method="get" action="/search"><input type="hidden" name="lang" value="\(text.language)">
            <input name="q" size="40" placeholder="\(HTML.escape(text["query"]))" value="\(HTML.escape(query))">
            \(HTML.escape(text["type"])) \(select("type", SearchCriteria.types, criteria.type?.rawValue))
            \(HTML.escape(text["state"])) \(select("state", MessageState.allCases.map(\.rawValue), criteria.state?.rawValue))
            \(HTML.escape(text["customs"])) \(select("customs", SearchCriteria.statuses, criteria.customsStatus))
            \(HTML.escape(text["from"])) <input name="from" type="date" value="\(HTML.escape(criteria.from))">
            \(HTML.escape(text["to"])) <input name="to" type="date" value="\(HTML.escape(criteria.to))">
            <button id="find">\(HTML.escape(text["find"]))</button></form>
            """
        body += documentTable(results)
        if let nextBefore {
            body +=
                "<a id=\"next\" href=\"\(link("/search", criteria.query + [("before", String(nextBefore))]))\">\(HTML.escape(text["next"]))</a>"
        }
        return body
    }

    func document(_ detail: DocumentDetail) -> String {
        let summary = detail.summary
        let facts: [[String]] = [
            [HTML.escape(text["order"]), HTML.escape(summary.orderNo)],
            [HTML.escape(text["type"]), HTML.escape(summary.messageType.rawValue)],
            [HTML.escape(text["state"]), "<span id=\"message-state\">\(HTML.escape(summary.state.rawValue))</span>"],
            [
                HTML.escape(text["customs"]),
                "<span id=\"customs-status\">\(HTML.escape(summary.customsStatus.map { "\($0) \(ReturnStatus.meaning(of: $0, for: summary.messageType))" } ?? "-"))</span>",
            ],
            [HTML.escape(text["reason"]), "<span id=\"reason\">\(HTML.escape(PersonalData.maskText(summary.customsInfo ?? "")))</span>"],
            ["invtNo", HTML.escape(summary.invtNo ?? "-")], ["guid", HTML.escape(summary.guid)],
        ]
        let attempts = detail.attempts.map {
            [
                HTML.escape(CEBTime.appTime($0.startedAt)), HTML.escape($0.outcome), $0.httpStatus.map { "\($0)" } ?? "-",
                HTML.escape(PersonalData.maskText($0.error ?? "")),
            ]
        }
        let timeline = detail.audit.map {
            [
                HTML.escape(CEBTime.appTime($0.at)), HTML.escape($0.from ?? "-"), HTML.escape($0.to),
                HTML.escape(PersonalData.maskText($0.reason ?? "")),
            ]
        }
        var actions = ""
        // Only what the lifecycle lets an operator move: a rejected document is fixed and submitted again.
        if session != nil, [MessageState.dead, .retryWait].contains(summary.state) {
            actions = actionForm(messages: [summary.messageID], back: "/document/\(summary.id)", single: true)
        }
        return "<div id=\"document\">" + table(id: "facts", headers: ["", ""], rows: facts) + actions
            + "<h2>\(HTML.escape(text["timeline"]))</h2>" + table(id: "timeline", headers: ["", "", "", ""], rows: timeline)
            + "<h2>\(HTML.escape(text["attempts"]))</h2>" + table(id: "attempts", headers: ["", "", "HTTP", ""], rows: attempts)
            + "<h2>\(HTML.escape(text["payload"]))</h2><pre id=\"payload\">\(HTML.escape(PersonalData.maskXML(detail.payload)))</pre></div>"
    }

    /// China time, as operators read it: `2026-12-05 14:03:09`.
    static func time(_ date: Date) -> String {
        let digits = Array(CEBTime.appTime(date))
        guard digits.count >= 14 else { return String(digits) }
        let part = { (range: Range<Int>) in String(digits[range]) }
        return "\(part(0..<4))-\(part(4..<6))-\(part(6..<8)) \(part(8..<10)):\(part(10..<12)):\(part(12..<14))"
    }

    /// Retry and cancel for `messages`, POSTed with the session's CSRF token.
    func actionForm(messages: [Int64], back: String, single: Bool) -> String {
        let hidden = messages.map { "<input type=\"hidden\" name=\"message\" value=\"\($0)\">" }.joined()
        return """
            <form method="post" action="/retry" class="inline retry">\(csrfField)\(hidden)<input type="hidden" name="back" value="\(HTML.escape(back))">\
            <button class="retry-button">\(HTML.escape(text["retry"]))</button></form>
            <form method="post" action="/cancel" class="inline cancel">\(csrfField)\(hidden)<input type="hidden" name="back" value="\(HTML.escape(back))">\
            <button class="cancel-button">\(HTML.escape(text["cancel"]))</button></form>
            """
    }

    func dead(dead: [DocumentSummary], rejected: [DocumentSummary]) -> String {
        var body = ""
        if session == nil { body += "<p class=\"refused\">\(HTML.escape(text["readOnly"]))</p>" }
        if session != nil, !dead.isEmpty {
            body += """
                <form id="bulk" method="post" action="/retry">\(csrfField)<input type="hidden" name="back" value="/dead">\
                \(documentTable(dead, selectable: true))\
                <button id="retry-selected">\(HTML.escape(text["retrySelected"]))</button>\
                <button id="cancel-selected" formaction="/cancel">\(HTML.escape(text["cancelSelected"]))</button></form>
                """
        } else {
            body += documentTable(dead)
        }
        body += "<h2>\(HTML.escape(text["rejected"]))</h2>" + documentTable(rejected)
        return body
    }

    func tax(_ counts: TaxLedgerCounts) -> String {
        let rows: [[String]] =
            [
                [HTML.escape(text["mismatched"]), "\(counts.mismatched)"], [HTML.escape(text["missing"]), "\(counts.missing)"],
                [HTML.escape(text["unmatched"]), "\(counts.unmatched)"], [HTML.escape(text["notVoided"]), "\(counts.notVoided)"],
            ] + counts.bills.sorted { $0.key.label < $1.key.label }.map { [HTML.escape($0.key.label), "\($0.value)"] }
        return table(id: "tax", headers: ["", "#"], rows: rows) + "<p><code>swgate tax report --mismatches</code></p>"
    }

    func login(failed: Bool) -> String {
        (failed ? "<p class=\"refused\" id=\"login-refused\">\(HTML.escape(text["login"])): ✗</p>" : "")
            + """
            <form id="login-form" method="post" action="/login"><input type="hidden" name="lang" value="\(text.language)">
            <label>\(HTML.escape(text["name"])) <input name="name" id="name" required maxlength="40"></label>
            <label>\(HTML.escape(text["token"])) <input name="token" id="token" type="password" required></label>
            <button id="login-button">\(HTML.escape(text["login"]))</button></form>
            """
    }
}
