import ArgumentParser
import Foundation

/// Turns command-line paths into files: a folder stands for the `*.xml` files in it, sorted.
enum InputFiles {
    static func expand(_ paths: [String]) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                for name in names.sorted() where name.lowercased().hasSuffix(".xml") {
                    result.append((path as NSString).appendingPathComponent(name))
                }
            } else {
                result.append(path)
            }
        }
        return result
    }

    /// Reads a file, with an error message that names it and says why.
    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputFileError(
                path: path, reason: FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it does not exist")
        }
    }
}

struct InputFileError: Error, LocalizedError {
    var path: String
    var reason: String
    var errorDescription: String? { "cannot open \(path): \(reason)" }
}
