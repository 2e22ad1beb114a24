/// Text gathered into blocks of about 64 KiB before it is written: a million rows are then a few
/// thousand writes, not a million.
struct BufferedOutput {
    private var pending = ""
    private let sink: (String) -> Void

    /// `sink` writes a block (standard output, or the JSON contract's stream).
    init(_ sink: @escaping (String) -> Void) {
        self.sink = sink
    }

    mutating func write(_ text: String) {
        pending += text
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        sink(pending)
        pending = ""
    }
}
