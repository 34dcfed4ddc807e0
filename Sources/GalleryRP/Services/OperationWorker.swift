import Foundation
import Logging
import ServiceLifecycle

/// Background service that finishes due long-running operations, including those left over from before a restart,
/// and purges finished ones after ``retention``. A graceful shutdown cancels the sweep in flight.
public struct OperationWorker: Service {
    let runner: OperationRunner
    let logger: Logger
    /// How often to look for due operations.
    let interval: Duration
    /// Where each sweep is reported (for the health document).
    let status: WorkerStatus?

    public init(runner: OperationRunner, logger: Logger, interval: Duration = .milliseconds(50), status: WorkerStatus? = nil) {
        self.runner = runner
        self.logger = logger
        self.interval = interval
        self.status = status
    }

    /// Finished operations are kept this long, so late status polls still find them, then purged.
    public static let retention: TimeInterval = 24 * 3600

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var failing = false
            var lastPurge = Date.distantPast
            while !Task.isCancelled {
                var backlog = false
                do {
                    // A full sweep means more are due: sweep again at once instead of capping throughput at one sweep per tick.
                    let due = try await runner.finishDue()
                    backlog = due == OperationRunner.sweepLimit
                    let now = runner.clock.now()
                    status?.swept(finished: due, at: Date())
                    if now.timeIntervalSince(lastPurge) > 60 {
                        lastPurge = now
                        let purged = try await runner.store.purgeOperations(dueBefore: now.addingTimeInterval(-Self.retention))
                        if purged > 0 { logger.debug("purged finished operations", metadata: ["count": "\(purged)"]) }
                    }
                    if failing { logger.notice("operation sweep recovered") }
                    failing = false
                } catch {
                    if Task.isCancelled { break }
                    status?.failed(error)
                    // Log the first failure of a streak only (a database outage would otherwise log every tick).
                    if !failing { logger.error("operation sweep failed", metadata: ["error": "\(error)"]) }
                    failing = true
                }
                if !backlog { try? await Task.sleep(for: interval) }
            }
        }
    }
}
