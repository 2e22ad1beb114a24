import Foundation

/// The one canonical form in which names, phones and addresses are compared across documents
/// (and written to every document): trimmed, Unicode NFC, inner runs of white space folded to
/// one space. Customs compares the consignee on the order and the waybill character for
/// character, so both documents must carry the same normalised text.
public enum TextNormalisation {
    public static func canonical(_ text: String) -> String {
        let composed = needsComposition(text) ? text.precomposedStringWithCanonicalMapping : text
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

    /// Whether NFC could change `text`: only combining marks, conjoining jamo and a few singleton
    /// code points (compatibility ideographs, the ångström and ohm signs) are affected. Checking
    /// for them first spares the full normalisation for the common case of plain Chinese text.
    static func needsComposition(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0900...0x0DFF,
                0x1100...0x11FF, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x1F00...0x1FFF, 0x20D0...0x20FF, 0x2126, 0x212A, 0x212B,
                0x2329, 0x232A, 0x3099, 0x309A, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE20...0xFE2F, 0x1D15E...0x1D1C0, 0x2F800...0x2FA1F:
                return true
            default:
                continue
            }
        }
        return false
    }
}
