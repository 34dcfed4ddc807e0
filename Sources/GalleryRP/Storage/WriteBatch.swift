/// One resource change inside a ``WriteBatch``.
public enum ResourceWrite: Sendable, Equatable {
    /// Creates a resource; fails with ``StoreError/alreadyExists`` if the key is taken
    /// and with ``StoreError/parentMissing`` if its parent is gone.
    case insert(ResourceRecord)
    /// Replaces a resource whose stored version is `expectedVersion`; fails with ``StoreError/versionConflict`` otherwise.
    case update(ResourceRecord, expectedVersion: Int)
    /// Removes a resource and every resource under it, if present.
    case deleteTree(key: String)

    /// The key of the resource written.
    public var key: String {
        switch self {
        case .insert(let record), .update(let record, _): return record.key
        case .deleteTree(let key): return key
        }
    }
}

/// Changes a store applies atomically and durably, or not at all.
public struct WriteBatch: Sendable, Equatable {
    public var resources: [ResourceWrite]
    /// Operations to insert or replace.
    public var operations: [OperationRecord]

    public init(resources: [ResourceWrite] = [], operations: [OperationRecord] = []) {
        self.resources = resources
        self.operations = operations
    }
}

/// Why a store refused a batch. Nothing of the batch was applied.
public enum StoreError: Error, Sendable, Equatable {
    case alreadyExists(key: String)
    case versionConflict(key: String)
    /// Another resource already holds the unique key.
    case uniqueKeyConflict(uniqueKey: String)
    /// The record's parent does not exist (it was deleted meanwhile); stores never keep orphans.
    case parentMissing(key: String)
}
