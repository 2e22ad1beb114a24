import CLibCurl

/// libcurl's process-wide state, initialised exactly once.
///
/// `curl_global_init` is not thread-safe and must run before any easy handle is created; a
/// `static let` gives us Swift's lazy, once-only initialisation for free.
public enum CurlRuntime {
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The version string of the linked libcurl, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 …`.
    ///
    /// Calling it also proves the C library is linked and initialised.
    public static var version: String {
        _ = initialised
        guard let raw = curl_version() else { return "unknown" }
        return String(cString: raw)
    }
}
