import Foundation

/// Keeps everything in process memory; nothing survives a restart (`--storage memory`). Commits are atomic because the
/// actor runs one at a time.
public actor MemoryResourceStore: ResourceStore {
    private var resources: [String: ResourceRecord] = [:]
    private var uniqueKeys: [String: String] = [:]
    private var operations: [String: OperationRecord] = [:]

    public init() {}

    public func resources(keys: [String]) -> [String: ResourceRecord] {
        Dictionary(keys.compactMap { key in resources[key].map { (key, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func resource(uniqueKey: String) -> ResourceRecord? { uniqueKeys[uniqueKey].flatMap { resources[$0] } }

    public func children(parentKey: String, type: ResourceType?, after: String?, limit: Int) -> [ResourceRecord] {
        page(resources.values.filter { $0.parentKey == parentKey && (type == nil || $0.type == type) }, after: after, limit: limit)
    }

    public func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) -> [ResourceRecord] {
        page(resources.values.filter { $0.subscriptionKey == subscriptionKey && $0.type == type }, after: after, limit: limit)
    }

    private func page(_ records: [ResourceRecord], after: String?, limit: Int) -> [ResourceRecord] {
        Array(records.filter { after == nil || $0.key > after! }.sorted { $0.key < $1.key }.prefix(limit))
    }

    public func commit(_ batch: WriteBatch) throws {
        for expectation in batch.expectations {
            switch expectation {
            case .resource(let key, let version):
                guard resources[key]?.version == version else { throw StoreError.conflict("\(key) changed") }
            case .noChildren(let key):
                guard !resources.values.contains(where: { $0.parentKey == key }) else { throw StoreError.conflict("\(key) has children") }
            case .operationInProgress(let id):
                guard operations[id]?.status == .inProgress else { throw StoreError.conflict("operation \(id) finished") }
            }
        }
        // Work on copies so a refused batch changes nothing.
        var resources = self.resources
        var uniqueKeys = self.uniqueKeys
        func remove(_ key: String) {
            if let old = resources.removeValue(forKey: key), let unique = old.uniqueKey { uniqueKeys.removeValue(forKey: unique) }
        }
        for write in batch.resources {
            switch write {
            case .put(let record):
                if let parent = record.parentKey, resources[parent] == nil { throw StoreError.parentMissing(key: record.key) }
                if let unique = record.uniqueKey, let holder = uniqueKeys[unique], holder != record.key {
                    throw StoreError.uniqueKeyConflict(uniqueKey: unique)
                }
                remove(record.key)
                resources[record.key] = record
                if let unique = record.uniqueKey { uniqueKeys[unique] = record.key }
            case .deleteTree(let key):
                let prefix = key + "/"
                for candidate in resources.keys where candidate == key || candidate.hasPrefix(prefix) { remove(candidate) }
            }
        }
        self.resources = resources
        self.uniqueKeys = uniqueKeys
        for operation in batch.operations { operations[operation.id] = operation }
    }

    public func operation(id: String) -> OperationRecord? { operations[id] }

    public func dueOperations(now: Date, limit: Int) -> [OperationRecord] {
        Array(operations.values.filter { $0.status == .inProgress && $0.dueTime <= now }.sorted { $0.dueTime < $1.dueTime }.prefix(limit))
    }

    public func snapshot(subscriptionKey: String?) -> StoreSnapshot {
        StoreSnapshot(
            resources: resources.values.filter { subscriptionKey == nil || $0.subscriptionKey == subscriptionKey }.sorted { $0.key < $1.key },
            operations: operations.values.filter { subscriptionKey == nil || $0.subscriptionKey == subscriptionKey }.sorted { $0.id < $1.id }
        )
    }

    public func replace(subscriptionKey: String?, with snapshot: StoreSnapshot) throws -> StoreCounts {
        let inScope = { (key: String) in subscriptionKey == nil || key == subscriptionKey }
        var resources = self.resources.filter { !inScope($0.value.subscriptionKey) }
        var uniqueKeys = self.uniqueKeys.filter { resources[$0.value] != nil }
        for record in snapshot.resources {
            guard inScope(record.subscriptionKey) else { throw StoreError.conflict("\(record.key) lies outside the scope") }
            if let parent = record.parentKey, resources[parent] == nil { throw StoreError.parentMissing(key: record.key) }
            guard resources[record.key] == nil else { throw StoreError.conflict("\(record.key) is there twice") }
            if let unique = record.uniqueKey {
                guard uniqueKeys[unique] == nil else { throw StoreError.uniqueKeyConflict(uniqueKey: unique) }
                uniqueKeys[unique] = record.key
            }
            resources[record.key] = record
        }
        var operations = self.operations.filter { !inScope($0.value.subscriptionKey) }
        for operation in snapshot.operations { operations[operation.id] = operation }
        let removed = StoreCounts(
            resources: self.resources.count - self.resources.values.filter { !inScope($0.subscriptionKey) }.count,
            operations: self.operations.count - self.operations.values.filter { !inScope($0.subscriptionKey) }.count
        )
        (self.resources, self.uniqueKeys, self.operations) = (resources, uniqueKeys, operations)
        return removed
    }

    public func inProgressOperationCount(now: Date) -> Int { operations.values.filter { $0.isRunning(at: now) }.count }

    public func subscriptionKeys() -> [String] {
        Set(resources.values.filter { $0.type == .resourceGroup }.map(\.subscriptionKey)).sorted()
    }

    public func purgeOperations(dueBefore cutoff: Date) -> Int {
        let old = operations.values.filter { $0.isTerminal && $0.dueTime < cutoff }.map(\.id)
        for id in old { operations.removeValue(forKey: id) }
        return old.count
    }
}
