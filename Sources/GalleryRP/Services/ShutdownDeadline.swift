import Foundation
import Logging
import ServiceLifecycle

/// Bounds shutdown: once graceful shutdown begins (SIGTERM or SIGINT), the process exits after `timeout` even if a
/// service is still winding down (a database client retrying an unreachable server, say). Acknowledged writes are
/// already durable, so nothing is lost by exiting. Listed last in the service group, so it hears of the shutdown first.
struct ShutdownDeadline: Service {
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let (timeout, logger) = (timeout, logger)
        Task.detached {
            try? await Task.sleep(for: timeout)
            logger.warning("shutdown did not finish within \(timeout); exiting")
            exit(0)
        }
    }
}
