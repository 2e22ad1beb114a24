/// The object members a reader asked for, so that every member it never asked for can be
/// reported as an unknown key — with its JSON path and the known key it most likely meant.
///
/// A misspelled optional key (`statusWebhok`, `freigth`) would otherwise be ignored in silence:
/// a webhook that never fires, a freight that is zero. Readers ask for every key they know, present
/// or not, so what they asked at a path is the list of keys that path may hold.
final class KeyTracker {
    /// A place in the record the readers looked at: an object member, or an array item (`[3]`).
    /// Places are numbered; the first is the cursor the tracker was made for.
    private struct Place {
        var parent: Int
        var name: String
        /// The names asked for here, with their places: a handful, searched in order (cheaper than
        /// hashing a path for every field read, which this list replaces).
        var children: [(name: String, place: Int)] = []
    }

    private var places: [Place]

    init() {
        places = [Place(parent: -1, name: "")]
    }

    /// Names the first place (the path of the cursor the tracker was made for).
    func nameRoot(_ path: String) {
        places[0].name = path
    }

    /// The place of `name` under `place`, noted as asked for.
    func child(of place: Int, _ name: String) -> Int {
        for entry in places[place].children where entry.name == name { return entry.place }
        let id = places.count
        places.append(Place(parent: place, name: name))
        places[place].children.append((name, id))
        return id
    }

    /// The JSON path of `place`: members joined by `.`, items as `[n]`.
    func path(of place: Int) -> String {
        var names: [String] = []
        var current = place
        while current > 0 {
            names.append(places[current].name)
            current = places[current].parent
        }
        var path = places[0].name
        for name in names.reversed() {
            if name.hasPrefix("[") || path.isEmpty {
                path += name
            } else {
                path += "." + name
            }
        }
        return path
    }

    /// Reports, under `rule`, every member of `value` (at `place`) and below that no reader asked
    /// for. An object the readers never looked into is not reported member by member: whatever made
    /// them skip it has been reported already.
    func reportUnknown(in value: JSONValue?, place: Int, record: String, log: IssueLog, rule: String = "record.unknown-key") {
        switch value {
        case .object(let members, let order)?:
            let asked = places[place].children
            guard !asked.isEmpty else { return }
            for name in order {
                if let child = asked.first(where: { $0.name == name }) {
                    reportUnknown(in: members[name], place: child.place, record: record, log: log, rule: rule)
                } else {
                    let known = Set(asked.map(\.name))
                    let hint =
                        Self.closest(to: name, among: known).map { "; did you mean '\($0)'?" }
                        ?? "; known keys here: \(known.sorted().joined(separator: ", "))"
                    let base = path(of: place)
                    log.report(rule, record: record, path: base.isEmpty ? name : "\(base).\(name)", "unknown key '\(name)'\(hint)")
                }
            }
        case .array(let items)?:
            let asked = places[place].children
            for (index, item) in items.enumerated() {
                guard let child = asked.first(where: { $0.name == "[\(index)]" }) else { continue }
                reportUnknown(in: item, place: child.place, record: record, log: log, rule: rule)
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
