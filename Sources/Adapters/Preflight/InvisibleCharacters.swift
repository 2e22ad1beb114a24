/// Characters that show nothing but change what customs compares: zero-width spaces and joiners,
/// direction marks and overrides, the word joiner, a byte-order mark inside text, the soft hyphen.
/// Pasted from chat apps and web pages into names, ID numbers and addresses, they make the
/// real-name check fail although every character a person can see is right.
enum InvisibleCharacters {
    static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.value {
            case 0x20...0x7E, 0x3165..<0xFEFF:
                // Printable ASCII, and CJK, kana and Hangul syllables: no format characters there.
                return false
            case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0x3164,
                0xFEFF, 0xFFA0:
                return true
            default:
                return scalar.properties.generalCategory == .format
            }
        }
    }

    /// The scripts of the letters in a name, for the mixed-script warning: Han, Latin, Cyrillic,
    /// Greek. A name in two of them (`李Nа` with a Cyrillic `а`) is most likely a look-alike slip.
    static func scripts(of name: String) -> Set<String> {
        var found = Set<String>()
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: found.insert("Han")
            case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F, 0xFF21...0xFF3A, 0xFF41...0xFF5A: found.insert("Latin")
            case 0x0400...0x04FF: found.insert("Cyrillic")
            case 0x0370...0x03FF: found.insert("Greek")
            default: break
            }
        }
        return found
    }
}
