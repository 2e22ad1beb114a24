import CLibCurl
import Redaction
public import Foundation

/// An HTTP client on one libcurl easy handle: keep-alive connections are reused from request to
/// request. One client serves one request at a time; ``CurlClientPool`` hands them out.
public final class CurlClient: @unchecked Sendable {  // one request at a time (CurlClientPool hands each client to one thread)
    private let handle: UnsafeMutableRawPointer
    public let configuration: HTTPConfiguration

    public init(configuration: HTTPConfiguration) throws(TransportError) {
        _ = CurlRuntime.version
        guard let easy = curl_easy_init() else { throw TransportError(.configuration, "libcurl could not create a handle") }
        handle = easy
        self.configuration = configuration
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Collects the response body and headers through libcurl's C callbacks.
    private final class Sink {
        var body = Data()
        var headers: [String: String] = [:]
        /// Bytes of body, and of headers, beyond which the transfer is aborted.
        var limit = 0
        var headerBytes = 0
        var overLimit = false
    }

    /// Header bytes accepted in one reply (the body has ``HTTPConfiguration/maxResponseBytes``).
    static let maxHeaderBytes = 64 * 1024

    /// POSTs `body` to `url`.
    public func post(_ url: String, body: Data, contentType: String, extraHeaders: [String: String] = [:]) throws(TransportError)
        -> HTTPResponse
    {
        try perform(url: url, body: body, contentType: contentType, extraHeaders: extraHeaders)
    }

    /// GETs `url`.
    public func get(_ url: String) throws(TransportError) -> HTTPResponse {
        try perform(url: url, body: nil, contentType: nil, extraHeaders: [:])
    }

    private func perform(url: String, body: Data?, contentType: String?, extraHeaders: [String: String]) throws(TransportError)
        -> HTTPResponse
    {
        curl_easy_reset(handle)
        let sink = Sink()
        sink.limit = configuration.maxResponseBytes
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var headers = configuration.headers.merging(extraHeaders) { _, new in new }
        if let contentType { headers["Content-Type"] = contentType }
        if let token = configuration.bearerToken { headers["Authorization"] = "Bearer \(token)" }
        headers["Expect"] = ""
        for (name, value) in headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }

        _ = swgate_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = swgate_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = swgate_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        _ = swgate_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        _ = swgate_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        _ = swgate_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = swgate_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0)
        _ = swgate_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0)
        _ = swgate_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if let ca = configuration.caBundle { _ = swgate_curl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if let cert = configuration.clientCertificate { _ = swgate_curl_setopt_string(handle, CURLOPT_SSLCERT, cert) }
        if let key = configuration.clientKey { _ = swgate_curl_setopt_string(handle, CURLOPT_SSLKEY, key) }
        if let proxy = configuration.proxy { _ = swgate_curl_setopt_string(handle, CURLOPT_PROXY, proxy) }
        _ = swgate_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        _ = swgate_curl_setopt_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            // A hostile or broken endpoint must not fill memory: stop reading past the limit.
            guard sink.body.count + size * count <= sink.limit else {
                sink.overLimit = true
                return 0
            }
            sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        _ = swgate_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = swgate_curl_setopt_header_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            sink.headerBytes += size * count
            guard sink.headerBytes <= CurlClient.maxHeaderBytes else {
                sink.overLimit = true
                return 0
            }
            let line = UnsafeRawBufferPointer(start: data, count: size * count).bindMemory(to: UInt8.self)
            if let (name, value) = CurlClient.headerField(line) { sink.headers[name] = value }
            return size * count
        }
        _ = swgate_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)

        let code: CURLcode
        if let body {
            code = body.withUnsafeBytes { raw -> CURLcode in
                _ = swgate_curl_setopt_long(handle, CURLOPT_POST, 1)
                _ = swgate_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, raw.count)
                _ = swgate_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                return curl_easy_perform(handle)
            }
        } else {
            _ = swgate_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            code = curl_easy_perform(handle)
        }
        withExtendedLifetime(sink) {}
        guard code == CURLE_OK else {
            if sink.overLimit {
                throw TransportError(
                    .unclear,
                    "the reply from \(Self.redacted(url)) is larger than \(configuration.maxResponseBytes) bytes (or its headers than \(Self.maxHeaderBytes)); not read further"
                )
            }
            let message = String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
                throw TransportError(.connection, "cannot connect to \(Self.redacted(url)): \(message)")
            case CURLE_OPERATION_TIMEDOUT where sink.headers.isEmpty && sink.body.isEmpty:
                throw TransportError(.unclear, "no answer from \(Self.redacted(url)) in time: \(message)")
            case CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
                throw TransportError(.unclear, "\(Self.redacted(url)): \(message)")
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
                CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
                throw TransportError(.configuration, "\(Self.redacted(url)): \(message)")
            default:
                throw TransportError(.unclear, "\(Self.redacted(url)): \(message)")
            }
        }
        var status = 0
        _ = swgate_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// A header line's name (lowercased) and value (without surrounding spaces, tabs and the line
    /// end), or nil for a line without a colon (the status line, the blank line ending the headers).
    static func headerField(_ line: UnsafeBufferPointer<UInt8>) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = String(decoding: line[..<colon].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        return (name, String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self))
    }

    /// A URL without credentials (user information, secret query values), safe for logs.
    static func redacted(_ url: String) -> String {
        URLRedaction.redacted(url)
    }
}

/// A fixed set of clients, one per concurrent request, each keeping its connections alive.
public final class CurlClientPool: @unchecked Sendable {  // the idle list is read and written under its lock
    private var idle: [CurlClient]
    private let lock = NSLock()
    private let configuration: HTTPConfiguration

    public init(size: Int, configuration: HTTPConfiguration) throws(TransportError) {
        self.configuration = configuration
        var clients: [CurlClient] = []
        for _ in 0..<max(1, size) { clients.append(try CurlClient(configuration: configuration)) }
        idle = clients
    }

    /// Runs `body` with a client taken from the pool (a new one if all are busy).
    public func with<T>(_ body: (CurlClient) throws(TransportError) -> T) throws(TransportError) -> T {
        lock.lock()
        let client = idle.popLast()
        lock.unlock()
        let used: CurlClient
        if let client {
            used = client
        } else {
            used = try CurlClient(configuration: configuration)
        }
        defer {
            lock.lock()
            idle.append(used)
            lock.unlock()
        }
        return try body(used)
    }
}
