import CLibXML2

/// libxml2's process-wide set-up, done once before any parse or schema compilation.
package enum LibXML {
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Runs `xmlInitParser()` exactly once; after it, libxml2 may be used from any thread as long as
    /// each thread has its own parser and validation contexts.
    package static func initialise() {
        _ = initialised
    }
}
