import Foundation

/// One tag, kept in the order the client sent it.
public struct Tag: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
}

/// A stored resource of any type: the envelope, its type-specific properties as JSON, and bookkeeping.
public struct ResourceRecord: Codable, Sendable, Equatable {
    /// Lower-cased ARM id; the primary key.
    public var key: String
    /// ARM id with the most recently specified casing.
    public var id: String
    public var name: String
    public var type: ResourceType
    /// Key of the containing resource (nil for resource groups).
    public var parentKey: String?
    /// `/subscriptions/{id}` lower-cased.
    public var subscriptionKey: String
    /// Normalised region name, e.g. `westus`.
    public var location: String
    /// Tags; nil when the resource never had a `tags` member.
    public var tags: [Tag]?
    /// Type-specific properties: JSON of the type's stored model, or its wire form (``wireForm``).
    public var properties: Data
    public var provisioningState: ProvisioningState
    /// The operation that last changed the resource and has to finish it.
    public var operationID: String?
    /// A value unique across all resources (publisher/offer/sku within a gallery), enforced by the store.
    public var uniqueKey: String?
    /// Incremented on every write; used for optimistic concurrency.
    public var version: Int
    /// While the write's long-running operation runs: the state shown until it is due. `provisioningState` holds the
    /// outcome decided when the write was made, so the resource settles by the clock, with no second write.
    public var settling: Settling?
    /// True when `properties` are in wire form: the response's `properties` without `provisioningState`, so that reads
    /// answer from these bytes (``WireForm``); nil when they are the stored model encoded.
    public var wireForm: Bool? = nil

    /// The transitional state a resource shows until its operation's due time.
    public struct Settling: Codable, Sendable, Equatable {
        public var state: ProvisioningState
        public var until: Date
    }

    /// The record as readers see it at `now`: before the due time its transitional state, after it the outcome.
    public func at(_ now: Date) -> ResourceRecord {
        guard let settling else { return self }
        var seen = self
        if now < settling.until { seen.provisioningState = settling.state }
        seen.settling = nil
        return seen
    }

    /// The version of a record written anew (created, or imported): microseconds since 1970, so that a key deleted and
    /// written again never repeats a version some node may still hold a rendering of.
    public static func firstVersion(at time: Date) -> Int {
        Int(time.timeIntervalSince1970 * 1_000_000)
    }
}

/// ARM provisioning states used by the service.
public enum ProvisioningState: String, Codable, Sendable {
    case creating = "Creating"
    case updating = "Updating"
    case deleting = "Deleting"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case canceled = "Canceled"
}

extension ProvisioningState {
    /// The state a finished operation leaves its resource in.
    init(_ status: OperationRecord.Status) {
        switch status {
        case .inProgress: self = .updating
        case .succeeded: self = .succeeded
        case .failed: self = .failed
        case .canceled: self = .canceled
        }
    }
}
