import Foundation

/// The one canonical form in which names, phones and addresses are compared across documents
/// (and written to every document): trimmed, Unicode NFC, inner runs of white space folded to
/// one space. Customs compares the consignee on the order and the waybill character for
/// character, so both documents must carry the same normalised text.
public enum TextNormalisation {
    public static func canonical(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        var result = ""
        result.reserveCapacity(composed.utf8.count)
        var pendingSpace = false
        for character in composed {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(character)
        }
        return result
    }
}
