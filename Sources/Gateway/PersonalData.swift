public import Foundation
import Adapters

/// Buyers' identity numbers and telephone numbers, masked wherever swgate shows a document
/// (`show`, `list`, `export`, logs, errors) unless an operator explicitly reveals them.
///
/// In a message, the fields that hold them are masked by name, inside a DxpMsg envelope's Base64
/// too; in free text (a customs reason quoting the number it refused), every run of 11 or more
/// digits is masked. Masking keeps the first three and last two characters, so that an operator
/// can still tell two buyers apart.
public enum PersonalData {
    /// The CEB fields that carry a person's identity number or telephone number.
    public static let fields: Set<String> = ["buyerIdNumber", "payerIdNumber", "buyerTelephone", "consigneeTelephone", "telephone"]

    /// Free text with every run of 11 or more digits masked.
    public static func maskText(_ text: String) -> String {
        LogMasking.text(text)
    }

    /// An XML message (raw or in a DxpMsg) with its identity and telephone fields masked.
    public static func maskXML(_ data: Data) -> String {
        var text = String(decoding: data, as: UTF8.self)
        for field in fields { text = maskElements(named: field, in: text) }
        return maskEnvelopeData(text)
    }

    /// Replaces the text of every `<field>` or `<p:field>` element.
    static func maskElements(named field: String, in text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: field + ">") {
            // An opening tag: `<field>` or `<prefix:field>`, not `</…>`.
            let tagStart = rest[..<open.lowerBound].lastIndex(of: "<")
            let isOpening = tagStart.map { rest[rest.index(after: $0)] != "/" } ?? false
            out += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            guard isOpening, let close = rest.range(of: "</") else { continue }
            out += ResidentID.masked(String(rest[..<close.lowerBound]))
            rest = rest[close.lowerBound...]
        }
        return out + rest
    }

    /// A DxpMsg's Base64 `Data` holds the whole message: decoded, masked and encoded again.
    static func maskEnvelopeData(_ text: String) -> String {
        guard text.contains("DxpMsg"), let open = text.range(of: "Data>"),
            let close = text.range(of: "</", range: open.upperBound..<text.endIndex),
            let inner = Data(base64Encoded: String(text[open.upperBound..<close.lowerBound]), options: .ignoreUnknownCharacters)
        else { return text }
        let masked = maskXML(inner)
        return String(text[..<open.upperBound]) + Data(masked.utf8).base64EncodedString() + String(text[close.lowerBound...])
    }
}
