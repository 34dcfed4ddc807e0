import Foundation
import Logging
import ServiceLifecycle

/// Background service that finishes due long-running operations, including those left over from before a restart.
public struct OperationWorker: Service {
    let runner: OperationRunner
    let logger: Logger
    /// How often to look for due operations.
    let interval: Duration

    public init(store: any ResourceStore, logger: Logger, interval: Duration = .milliseconds(50)) {
        self.runner = OperationRunner(store: store)
        self.logger = logger
        self.interval = interval
    }

    /// Finished operations are kept this long, so late status polls still find them, then purged.
    public static let retention: TimeInterval = 24 * 3600

    public func run() async throws {
        var failing = false
        var lastPurge = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var backlog = false
            do {
                // A full sweep means more are due: sweep again at once instead of capping throughput at one sweep per tick.
                backlog = try await runner.finishDue() == OperationRunner.sweepLimit
                if Date().timeIntervalSince(lastPurge) > 60 {
                    lastPurge = Date()
                    let purged = try await runner.store.purgeOperations(dueBefore: Date().addingTimeInterval(-Self.retention))
                    if purged > 0 { logger.debug("purged finished operations", metadata: ["count": "\(purged)"]) }
                }
                if failing { logger.notice("operation sweep recovered") }
                failing = false
            } catch {
                // Log the first failure of a streak only (a database outage would otherwise log every tick).
                if !failing { logger.error("operation sweep failed", metadata: ["error": "\(error)"]) }
                failing = true
            }
            if !backlog { try? await Task.sleep(for: interval) }
        }
    }
}
