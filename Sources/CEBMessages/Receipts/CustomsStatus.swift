import Foundation

/// The precedence of customs statuses, per document type, so that duplicated and out-of-order
/// receipts are harmless: a document's status only moves to a higher rank (800 then a late 120
/// stays 800).
///
/// Ranks, low to high: nothing yet; E-Port draft (1); E-Port declaring (2); sent to customs (3);
/// processing errors (negative codes) and send failures (4) sit just above "declaring" so a later
/// acceptance overrides them; accepted (120); manual review (300); concluded (399); inspection and
/// detentions (500–599); and the final outcomes: rejected (100), returned (700), released (800),
/// closed (899). A final status is never replaced, except released by closed.
public enum CustomsStatus {
    /// Accepted by the E-Port, declaring to customs.
    public static let declaring = "2"
    /// Sending to customs failed.
    public static let sendFailed = "4"
    /// Rejected by customs: final.
    public static let rejected = "100"
    /// Accepted by customs.
    public static let accepted = "120"
    /// Released: final (only "closed" may follow).
    public static let released = "800"
    /// Closed: after release, the last word.
    public static let closed = "899"

    /// Statuses in which customs has taken a declaration and not refused it, so that it may be
    /// amended (appType 2): declaring, sent, accepted, under review, concluded, under
    /// inspection, released, closed.
    public static let acceptedStatuses: Set<String> = ["2", "3", "120", "300", "399", "500", "800", "899"]

    /// The rank of `code`; higher replaces lower.
    public static func rank(_ code: String) -> Int {
        let trimmed = code.trimmedWhitespace
        if let value = Int(trimmed), value < 0 { return 25 }
        switch trimmed {
        case "1": return 10
        case "2": return 20
        case "4": return 26
        case "3": return 30
        case "120": return 50
        case "300": return 60
        case "399": return 70
        case "500": return 75
        case "501", "502", "503", "599": return 78
        case "100": return 90
        case "700": return 92
        case "800": return 95
        case "899": return 99
        default: return 15
        }
    }

    /// Statuses after which nothing changes for the document (customs is done with it).
    public static func isFinal(_ code: String, for type: CEBMessageType) -> Bool {
        switch type {
        case .ceb622: ["100", "700", "800", "899"].contains(code)
        case .ceb312, .ceb412, .ceb512, .ceb514, .ceb624, .ceb626, .ceb712: ["100", "120", "399"].contains(code)
        default: false
        }
    }

    /// Whether `code` is an error (a negative code, a rejection, a send failure).
    public static func isError(_ code: String) -> Bool {
        if let value = Int(code.trimmedWhitespace), value < 0 { return true }
        return code == rejected || code == sendFailed
    }

    /// Whether `new` should replace `current` as the document's status.
    public static func supersedes(_ new: String, _ current: String?) -> Bool {
        guard let current else { return true }
        let currentRank = rank(current)
        // A final outcome stands; only "closed" may follow "released".
        if currentRank >= 90 { return current == released && new == closed }
        return rank(new) > currentRank
    }

    /// The rank a document needs before its inventory may be sent: 2 (E-Port accepted) or 120.
    public static func acceptanceRank(_ threshold: String) -> Int {
        rank(threshold)
    }
}
