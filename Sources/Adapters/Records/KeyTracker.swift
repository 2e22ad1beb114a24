/// The object members a reader asked for, so that every member it never asked for can be
/// reported as an unknown key — with its JSON path and the known key it most likely meant.
///
/// A misspelled optional key (`statusWebhok`, `freigth`) would otherwise be ignored in silence:
/// a webhook that never fires, a freight that is zero. Readers ask for every key they know, present
/// or not, so what they asked at a path is the list of keys that path may hold.
final class KeyTracker {
    private var asked: [String: Set<String>] = [:]

    func note(_ name: String, in path: String) {
        asked[path, default: []].insert(name)
    }

    /// Reports, under `rule`, every member of `value` (at `path`) and below that no reader asked for.
    /// An object the readers never looked into is not reported member by member: whatever made
    /// them skip it has been reported already.
    func reportUnknown(in value: JSONValue?, path: String, record: String, log: IssueLog, rule: String = "record.unknown-key") {
        switch value {
        case .object(let members, let order)?:
            guard let known = asked[path] else { return }
            for name in order {
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if known.contains(name) {
                    reportUnknown(in: members[name], path: childPath, record: record, log: log, rule: rule)
                } else {
                    let hint =
                        Self.closest(to: name, among: known).map { "; did you mean '\($0)'?" }
                        ?? "; known keys here: \(known.sorted().joined(separator: ", "))"
                    log.report(rule, record: record, path: childPath, "unknown key '\(name)'\(hint)")
                }
            }
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                reportUnknown(in: item, path: "\(path)[\(index)]", record: record, log: log, rule: rule)
            }
        default:
            return
        }
    }

    /// The known key nearest to `name` by edit distance (case-insensitive), when near enough to be
    /// a typo: at most a third of its length, and at most 3.
    static func closest(to name: String, among known: Set<String>) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (key: String, distance: Int)?
        for key in known.sorted() {
            let distance = editDistance(name.lowercased(), key.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (key, distance) }
        }
        return best?.key
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow = [Int](repeating: 0, count: b.count + 1)
        var row = Array(0...b.count)
        var before = row
        for i in 1...a.count {
            previousRow = before
            before = row
            row = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previousRow[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
