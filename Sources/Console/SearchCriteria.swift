import CEBMessages
import Foundation
import Hummingbird
import HummingbirdCore
import Outbox

/// What the search page's form asks for, read from the query string.
struct SearchCriteria: Sendable {
    var type: CEBMessageType?
    var state: MessageState?
    var customsStatus: String?
    /// `yyyy-MM-dd`, China time; `to` is inclusive.
    var from = ""
    var to = ""
    var before: Int64?

    static let types = CEBMessageType.allCases.filter(\.isDeclaration).map(\.rawValue)
    static let statuses = ["none", "2", "120", "399", "800", "100", "-1"]

    init(_ parameters: FlatDictionary<Substring, Substring>) {
        type = parameters.get("type").flatMap { CEBMessageType(rawValue: String($0)) }
        state = parameters.get("state").flatMap { MessageState(rawValue: String($0)) }
        customsStatus = parameters.get("customs").map { String($0) }.flatMap { Self.statuses.contains($0) ? $0 : nil }
        from = parameters.get("from").map { String($0) } ?? ""
        to = parameters.get("to").map { String($0) } ?? ""
        before = parameters.get("before").flatMap { Int64(String($0)) }
    }

    func filter(limit: Int) -> DocumentFilter {
        var filter = DocumentFilter(state: state, type: type, since: ConsoleAccess.day(from), limit: limit)
        filter.until = ConsoleAccess.day(to)?.addingTimeInterval(86_400)
        filter.customsStatus = customsStatus
        filter.beforeID = before
        return filter
    }

    /// The criteria as query items, for the next page's link.
    var query: [(String, String)] {
        [("type", type?.rawValue ?? ""), ("state", state?.rawValue ?? ""), ("customs", customsStatus ?? ""), ("from", from), ("to", to)]
    }
}
