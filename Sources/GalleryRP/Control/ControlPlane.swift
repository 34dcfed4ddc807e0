import Foundation
import NIOConcurrencyHelpers

/// What the control plane keeps for one node, shared by its listeners: fault rules, the request journal, the
/// throttling buckets, metrics, and how the operation worker is doing.
public final class ControlPlane: Sendable {
    public let faults: FaultRules
    public let journal: RequestJournal
    /// Nil unless `--throttling arm`.
    public let throttler: ARMThrottler?
    public let metrics: ServiceMetrics
    public let worker = WorkerStatus()
    public let startedAt: Date

    public init(configuration: ServiceConfiguration, faults: FaultRules = FaultRules(), metrics: ServiceMetrics = ServiceMetrics()) {
        self.faults = faults
        self.metrics = metrics
        journal = RequestJournal(capacity: configuration.journalSize, keepsBodies: configuration.journalBodies)
        throttler = configuration.throttling == .arm ? ARMThrottler(clock: configuration.clock) : nil
        startedAt = Date()
    }
}

/// The operation worker's last sweep, for the health document.
public final class WorkerStatus: Sendable {
    public struct Snapshot: Sendable {
        public var lastSweep: Date?
        public var lastError: String?
        public var operationsFinished = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func swept(finished: Int, at time: Date) {
        state.withLockedValue { state in
            state.lastSweep = time
            state.lastError = nil
            state.operationsFinished += finished
        }
    }

    func failed(_ error: any Error) {
        state.withLockedValue { $0.lastError = "\(error)" }
    }
}
