import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads regular files only, and never waits. A FIFO opened for reading
/// blocks until someone writes to it, and a character device such as
/// `/dev/zero` never ends; a source, a template or a published file is never
/// either. So the path is looked at before it is opened, it is opened
/// non-blocking (a FIFO swapped in between cannot make the open wait), and
/// the open file is looked at again before a byte is read.
enum RegularFile {
    enum Failure: Error, Equatable {
        /// Nothing there (or a link that leads nowhere).
        case missing
        /// Something other than a regular file: "a named pipe", "a folder", ...
        case notRegular(String)
        /// Larger than the caller's limit (the size in bytes).
        case tooLarge(Int)
        /// Could not be opened or read (the system's reason).
        case unreadable(String)
    }

    /// The file's bytes, following links; at most `limit` of them.
    static func read(_ path: String, limit: Int = .max) -> Result<Data, Failure> {
        var seen = stat()
        guard stat(path, &seen) == 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(reason()))
        }
        guard seen.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular(kind(seen.st_mode))) }
        guard Int(seen.st_size) <= limit else { return .failure(.tooLarge(Int(seen.st_size))) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(errno == ENOENT ? .missing : .unreadable(reason())) }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else { return .failure(.unreadable(reason())) }
        // Replaced between the look and the open: judge what was opened.
        guard opened.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular(kind(opened.st_mode))) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason()))
            }
            data.append(contentsOf: buffer[0..<count])
            // A file that grew after the look is still held to the limit.
            if data.count > limit { return .failure(.tooLarge(data.count)) }
        }
        return .success(data)
    }

    /// The bytes, or nil for anything that is not a readable regular file.
    static func contents(atPath path: String, limit: Int = .max) -> Data? {
        try? read(path, limit: limit).get()
    }

    /// What a file mode says the thing is, in words for a message.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a named pipe"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
