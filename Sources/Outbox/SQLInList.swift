/// The sizes an `IN (…)` list of bound values is cut and padded to.
///
/// Both connections keep a statement prepared for each distinct SQL text. An `IN` list as long as
/// its values would make nearly every call a new text — a receipt page names a different number
/// of documents each time — so each would be parsed and planned again and kept for good. Padded
/// to a power of two (by repeating a value, which an `IN` test does not notice), a query has at
/// most seven texts, each prepared once.
enum SQLInList {
    /// The most values one statement carries (SQLite limits a statement's parameters).
    static let largest = 512

    /// The number of places for `count` items: the next power of two from 8 up to `most`.
    static func width(for count: Int, most: Int = largest) -> Int {
        var width = 8
        while width < count, width < most { width *= 2 }
        return min(width, max(most, 1))
    }

    /// `?, ?, …` for `width` values, made once for each width that ``width(for:most:)`` gives.
    static func placeholders(_ width: Int) -> String {
        placeholderLists[width] ?? Array(repeating: "?", count: width).joined(separator: ", ")
    }

    private static let placeholderLists: [Int: String] = {
        var lists: [Int: String] = [:]
        var width = 8
        while width <= largest {
            lists[width] = Array(repeating: "?", count: width).joined(separator: ", ")
            width *= 2
        }
        return lists
    }()

    /// `values` — items of `itemWidth` values each, such as (time, hash) pairs — cut into lists of
    /// at most ``largest`` values, each padded to its ``width(for:most:)`` with its last item.
    static func chunks(_ values: [SQLValue], itemWidth: Int = 1) -> [[SQLValue]] {
        let itemWidth = max(itemWidth, 1)
        let most = max(largest / itemWidth, 1)
        var chunks: [[SQLValue]] = []
        var start = 0
        while start < values.count {
            var chunk = Array(values[start..<min(start + most * itemWidth, values.count)])
            start += chunk.count
            let items = chunk.count / itemWidth
            let last = chunk.suffix(itemWidth)
            for _ in items..<max(items, width(for: items, most: most)) { chunk += last }
            chunks.append(chunk)
        }
        return chunks
    }
}
