#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, held while the value lives (and dropped by the kernel if the process dies).
/// The SQLite store takes one beside its database: its record cache is only correct while one process writes.
final class ExclusiveFileLock: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreConfigurationError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StoreConfigurationError("\(path) is locked: another galleryrp process is using this data directory")
        }
    }

    deinit {
        close(descriptor)
    }
}
