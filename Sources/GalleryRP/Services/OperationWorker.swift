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

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await runner.finishDue()
            } catch {
                logger.error("operation sweep failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
