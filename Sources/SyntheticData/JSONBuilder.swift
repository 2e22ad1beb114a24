/// Writes JSON with keys in the order given, compact or indented: generated batches should read
/// like a platform engineer wrote them.
public indirect enum JSONBuilder: Sendable {
    case object([(String, JSONBuilder)])
    case array([JSONBuilder])
    case string(String)
    case raw(String)

    public func render(indent: Int? = 2, level: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: level)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = indent.map { String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let closePad = indent.map { String(repeating: " ", count: $0 * level) } ?? ""
        switch self {
        case .string(let text):
            out += "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        case .raw(let text):
            out += text
        case .array(let items):
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent, level: level + 1)
                out += (index == items.count - 1 ? "" : ",") + newline
            }
            out += closePad + "]"
        case .object(let members):
            out += "{" + newline
            for (index, member) in members.enumerated() {
                out += pad + "\"\(member.0)\":" + (indent == nil ? "" : " ")
                member.1.write(into: &out, indent: indent, level: level + 1)
                out += (index == members.count - 1 ? "" : ",") + newline
            }
            out += closePad + "}"
        }
    }
}
