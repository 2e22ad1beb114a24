import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// One libxml2 parser context per thread and set of options, reused from parse to parse.
///
/// Making and freeing a context (its name dictionary, input buffers and node tables) costs
/// several times what parsing a one-kilobyte receipt or reply does; `xmlCtxtReadMemory` resets a
/// context for each document. Contexts are kept apart by options, because an option such as
/// `XML_PARSE_NOBLANKS` changes a context's handlers for good, and a signature needs every byte of
/// whitespace. A context is replaced after a number of documents or once its dictionary of names
/// has grown (hostile input can name thousands of elements), and freed when its thread ends.
enum ParserContextCache {
    /// Documents a context parses before it is replaced.
    static let maxUses = 10_000
    /// Names a context's dictionary may hold before the context is replaced.
    static let maxNames = 4_096

    private final class Slot {
        let context: xmlParserCtxtPtr
        var uses = 0

        init(_ context: xmlParserCtxtPtr) {
            self.context = context
        }

        deinit {
            xmlFreeParserCtxt(context)
        }
    }

    /// The thread's slots by options, as a retained `SlotTable`.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<SlotTable>.fromOpaque(pointer).release() }
        }
        return key
    }()

    private final class SlotTable {
        var slots: [Int32: Slot] = [:]
    }

    private static func table() -> SlotTable {
        if let pointer = pthread_getspecific(key) { return Unmanaged<SlotTable>.fromOpaque(pointer).takeUnretainedValue() }
        let table = SlotTable()
        pthread_setspecific(key, Unmanaged.passRetained(table).toOpaque())
        return table
    }

    /// Lends this thread's context for `options` to `body` (a nested parse gets a fresh one).
    static func with<T>(options: Int32, _ body: (xmlParserCtxtPtr?) throws(XMLParseError) -> T) throws(XMLParseError) -> T {
        let table = table()
        let slot: Slot
        if let cached = table.slots.removeValue(forKey: options) {
            slot = cached
        } else if let context = xmlNewParserCtxt() {
            // Diagnostics go nowhere: the last error is read back from the context, and nothing
            // must reach standard error behind the caller's back.
            context.pointee.sax.pointee.serror = { _, _ in }
            slot = Slot(context)
        } else {
            return try body(nil)
        }
        defer {
            slot.uses += 1
            let names = slot.context.pointee.dict.map { Int(xmlDictSize($0)) } ?? 0
            if slot.uses < maxUses, names < maxNames, table.slots[options] == nil { table.slots[options] = slot }
        }
        return try body(slot.context)
    }
}
