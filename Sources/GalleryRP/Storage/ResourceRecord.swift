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
    /// Type-specific properties, encoded JSON of the type's stored model.
    public var properties: Data
    public var provisioningState: ProvisioningState
    /// The operation that last changed the resource and has to finish it.
    public var operationID: String?
    /// A value unique across all resources (publisher/offer/sku within a gallery), enforced by the store.
    public var uniqueKey: String?
    /// Incremented on every write; used for optimistic concurrency.
    public var version: Int
}

/// ARM provisioning states used by the service.
public enum ProvisioningState: String, Codable, Sendable {
    case creating = "Creating"
    case updating = "Updating"
    case deleting = "Deleting"
    case succeeded = "Succeeded"
    case failed = "Failed"
}
