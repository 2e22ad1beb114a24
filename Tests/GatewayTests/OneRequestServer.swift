import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-shot HTTP server on a loopback port: it answers one request with 200 and hands back
/// the request (head and body) exactly as it arrived.
final class OneRequestServer: @unchecked Sendable {
    let port: UInt16
    private let socketDescriptor: Int32
    private var head = ""
    private let done = DispatchSemaphore(value: 0)

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        socketDescriptor = descriptor
        Thread.detachNewThread { [self] in
            let client = accept(socketDescriptor, nil, nil)
            var received = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            func complete() -> Bool {
                let text = String(decoding: received, as: UTF8.self)
                guard let end = text.range(of: "\r\n\r\n") else { return false }
                let length =
                    text[..<end.lowerBound].split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                return received.count >= text[..<end.upperBound].utf8.count + length
            }
            while !complete() {
                let count = read(client, &buffer, buffer.count)
                if count <= 0 { break }
                received.append(contentsOf: buffer[0..<count])
            }
            head = String(decoding: received, as: UTF8.self)
            let reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            _ = reply.withCString { write(client, $0, strlen($0)) }
            close(client)
            done.signal()
        }
    }

    func request() -> String {
        _ = done.wait(timeout: .now() + 10)
        close(socketDescriptor)
        return head
    }
}
