/// A check on a document's raw bytes that runs before libxml2 sees them (``PrologScanner``,
/// ``StructureScanner``): it throws the reason to refuse the document.
protocol PreParseCheck {
    func check() throws(XMLParseError)
}

extension PreParseCheck {
    /// The reason to refuse the document, or nil when it passes.
    func problem() -> XMLParseError? {
        do {
            try check()
            return nil
        } catch {
            return error
        }
    }
}
