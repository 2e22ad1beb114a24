import Foundation

/// A plain-text table with columns sized to their widest cell (CJK characters count double).
struct TextTable {
    let columns: [String]
    private var rows: [[String]] = []
    /// Long cells (a customs reason, say) are cut to keep one row per line.
    var maxCellWidth = 60

    init(columns: [String]) {
        self.columns = columns
    }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    func render() -> String {
        let all = [columns] + rows.map { $0.map { clip($0) } }
        var widths = Array(repeating: 0, count: columns.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], TextTable.width(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - TextTable.width(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private func clip(_ cell: String) -> String {
        let flat = cell.replacingOccurrences(of: "\n", with: " ")
        guard TextTable.width(flat) > maxCellWidth else { return flat }
        var result = ""
        for character in flat {
            if TextTable.width(result) + 3 >= maxCellWidth { break }
            result.append(character)
        }
        return result + "..."
    }

    /// Display width: East Asian wide characters take two terminal columns; colour sequences
    /// (`ESC [ … m`, see ``StatusLabel``) take none.
    static func width(_ text: String) -> Int {
        var total = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if value == 0x1B {
                inEscape = true
                continue
            }
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value)
            total += wide ? 2 : 1
        }
        return total
    }
}
