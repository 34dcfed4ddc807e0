import Foundation

/// A stored long-running operation, so that a restart still completes it. Creates and updates are stored already
/// finished, with their outcome and a future end time (``at(_:)``); deletes, and operations a fault rule holds, are
/// stored in progress and finished by a write when due (``OperationRunner``).
public struct OperationRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case create, update, delete }
    public enum Status: String, Codable, Sendable {
        case inProgress = "InProgress"
        case succeeded = "Succeeded"
        case failed = "Failed"
        case canceled = "Canceled"
    }

    /// How an operation fails: the `error` of its status body, and whether it ends `Canceled` rather than `Failed`.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var canceled: Bool?

        public init(code: String, message: String, canceled: Bool? = nil) {
            self.code = code
            self.message = message
            self.canceled = canceled
        }

        /// A cancellation, as a fault rule plans one.
        public static let cancellation = Failure(code: "OperationCanceled", message: "The operation was canceled.", canceled: true)
    }

    /// Lower-case GUID.
    public var id: String
    public var subscriptionKey: String
    public var kind: Kind
    public var resourceKey: String
    public var resourceType: ResourceType
    /// Region of the resource; part of the status URL.
    public var location: String
    public var status: Status
    public var startTime: Date
    public var endTime: Date?
    /// When the operation is due to finish.
    public var dueTime: Date
    /// Decided when the operation starts: nil to succeed, or the error it fails with when it is due (Azure finds some
    /// problems, such as a source's Hyper-V generation, only while it works).
    public var failure: Failure?
    /// Status polls still to answer `InProgress` before the operation may finish (a fault rule's plan); meanwhile it is
    /// due only in the far future.
    public var holdPolls: Int?

    public var isTerminal: Bool { status != .inProgress }

    /// The operation as pollers see it at `now`. A create or update is stored with its outcome and its end time when it
    /// starts; until that time it is still running.
    public func at(_ now: Date) -> OperationRecord {
        guard isTerminal, let endTime, now < endTime else { return self }
        var running = self
        running.status = .inProgress
        running.endTime = nil
        return running
    }

    /// Whether it runs at `now`.
    public func isRunning(at now: Date) -> Bool { at(now).status == .inProgress }

    /// The status it ends with when it is due.
    var finalStatus: Status {
        guard let failure else { return .succeeded }
        return failure.canceled == true ? .canceled : .failed
    }
}
