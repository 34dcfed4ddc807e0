/// One resource change inside a ``WriteBatch``.
public enum ResourceWrite: Sendable, Equatable {
    /// Stores the record under its key (creating or replacing it). A parent must exist: stores never keep orphans.
    case put(ResourceRecord)
    /// Removes a resource and every resource under it, if present.
    case deleteTree(key: String)

    /// The key of the resource written.
    public var key: String {
        switch self {
        case .put(let record): return record.key
        case .deleteTree(let key): return key
        }
    }
}

/// What must still hold when a batch commits: the state its writer read. A store checks every expectation in the
/// same transaction as the writes, and refuses the whole batch with ``StoreError/conflict(_:)`` if one fails.
public enum Expectation: Sendable, Equatable {
    /// The resource exists with this version (nil: the key is absent).
    case resource(key: String, version: Int?)
    /// No resource has this one as its parent.
    case noChildren(key: String)
    /// The operation exists and is still in progress.
    case operationInProgress(id: String)
}

/// Changes a store applies atomically and durably, or not at all.
public struct WriteBatch: Sendable, Equatable {
    /// Checked first, inside the transaction.
    public var expectations: [Expectation]
    public var resources: [ResourceWrite]
    /// Operations to insert or replace.
    public var operations: [OperationRecord]

    public init(expectations: [Expectation] = [], resources: [ResourceWrite] = [], operations: [OperationRecord] = []) {
        self.expectations = expectations
        self.resources = resources
        self.operations = operations
    }

    /// Keys the batch writes; a store locks these for update and the other expected keys for share.
    var writtenKeys: Set<String> { Set(resources.map(\.key)) }
}
