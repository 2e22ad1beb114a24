import Foundation

/// What a receipt's status code means, per receipt type.
///
/// The positive codes are the ones the 202205 specification lists for each receipt; negative codes
/// are E-Port processing errors, explained from ``ErrorCatalogue`` where known. The official list
/// of negative codes is incomplete, so an unknown negative code still reads as an error.
public enum ReturnStatus {
    public static func meaning(of code: String, for type: CEBMessageType) -> String {
        let trimmed = code.trimmedWhitespace
        switch type {
        case .ceb816, .ceb818:
            switch trimmed {
            case "1": return "tax bill generated"
            case "2": return "tax bill summarised for payment"
            case "3": return "tax bill void"
            default: return "unknown tax bill status \(trimmed)"
            }
        case .ceb900:
            if let value = Int(trimmed), value < 0 {
                return "message format check failed" + (ErrorCatalogue.meaning(of: trimmed).map { ": \($0)" } ?? "")
            }
            return "message format check passed"
        default:
            break
        }
        if let value = Int(trimmed), value < 0 {
            if let known = ErrorCatalogue.meaning(of: trimmed) {
                return "error: \(known)"
            }
            return "error: processing error \(trimmed) (not in the published catalogue)"
        }
        switch trimmed {
        case "1": return "saved as draft by the E-Port"
        case "2": return "accepted by the E-Port, declaring to customs"
        case "3": return "sent to customs"
        case "4": return "sending to customs failed"
        case "100": return "rejected by customs"
        case "120": return "accepted by customs"
        case "300": return "under manual review"
        case "399": return "concluded by customs"
        case "500": return "under inspection"
        case "501": return "detained, handed to clearance"
        case "502": return "detained, handed to anti-smuggling"
        case "503": return "detained, handed to the legal department"
        case "599": return "detained (other)"
        case "600": return "suspended"
        case "700": return "returned (shipped back)"
        case "800": return "released"
        case "899": return "closed"
        default: return "unknown status \(trimmed)"
        }
    }
}
