import Foundation
import GRDB

/// Embedded SQLite storage through GRDB: WAL journal, `synchronous=FULL`, so a commit is on disk before it returns.
public struct SQLiteResourceStore: ResourceStore {
    private let pool: DatabasePool
    /// Decoded records by their stored bytes: decoding the stored JSON is most of a read's cost.
    private let decoded = DecodeCache<ResourceRecord>()
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Opens (creating if needed) the database file and applies the migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteMigrations.migrator.migrate(pool)
    }

    /// Reads run synchronously on the calling thread: an indexed SQLite read from the page cache takes microseconds,
    /// far less than the two thread hops of GRDB's async read. Writes stay asynchronous (they wait for fsync).
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    public func resource(key: String) async throws -> ResourceRecord? {
        try read { db in try fetchResource(db, sql: "SELECT doc FROM resources WHERE key = ?", key) }
    }

    public func resources(keys: [String]) async throws -> [String: ResourceRecord] {
        try read { db in
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            let records = try fetchResources(db, sql: "SELECT doc FROM resources WHERE key IN (\(marks))", StatementArguments(keys))
            return Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0) })
        }
    }

    public func resource(uniqueKey: String) async throws -> ResourceRecord? {
        try read { db in try fetchResource(db, sql: "SELECT doc FROM resources WHERE unique_key = ?", uniqueKey) }
    }

    public func children(parentKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try read { db in
            try fetchResources(
                db, sql: "SELECT doc FROM resources WHERE parent_key = ? AND type = ? AND key > ? ORDER BY key LIMIT ?",
                [parentKey, type.rawValue, after ?? "", limit])
        }
    }

    public func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try read { db in
            try fetchResources(
                db, sql: "SELECT doc FROM resources WHERE subscription_key = ? AND type = ? AND key > ? ORDER BY key LIMIT ?",
                [subscriptionKey, type.rawValue, after ?? "", limit])
        }
    }

    public func commit(_ batch: WriteBatch) async throws {
        let encodedOperations = try batch.operations.map { ($0, try Self.encoder.encode($0)) }
        do {
            try await write(batch, encodedOperations)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError.parentMissing(key: batch.resources.first.map(Self.key) ?? "")
        }
    }

    private static func key(_ write: ResourceWrite) -> String {
        switch write {
        case .insert(let record), .update(let record, _): return record.key
        case .deleteTree(let key): return key
        }
    }

    private func write(_ batch: WriteBatch, _ encodedOperations: [(OperationRecord, Data)]) async throws {
        try await pool.write { db in
            for write in batch.resources {
                switch write {
                case .insert(let record):
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM resources WHERE key = ?", arguments: [record.key]) == true {
                        throw StoreError.alreadyExists(key: record.key)
                    }
                    try Self.upsert(db, record)
                case .update(let record, let expected):
                    let version = try Int.fetchOne(db, sql: "SELECT version FROM resources WHERE key = ?", arguments: [record.key])
                    guard version == expected else { throw StoreError.versionConflict(key: record.key) }
                    try Self.upsert(db, record)
                case .deleteTree(let key):
                    // '0' sorts right after '/', so the range holds exactly the keys under `key/`.
                    try db.execute(sql: "DELETE FROM resources WHERE key = ? OR (key >= ? AND key < ?)", arguments: [key, key + "/", key + "0"])
                }
            }
            for (operation, doc) in encodedOperations {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO operations (id, status, due_time, doc) VALUES (?, ?, ?, ?)",
                    arguments: [operation.id, operation.status.rawValue, operation.dueTime.timeIntervalSince1970, doc])
            }
        }
    }

    public func operation(id: String) async throws -> OperationRecord? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT doc FROM operations WHERE id = ?", arguments: [id]).map { try Self.decoder.decode(OperationRecord.self, from: $0) }
        }
    }

    public func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord] {
        try await pool.read { db in
            try Data.fetchAll(
                db, sql: "SELECT doc FROM operations WHERE status = 'InProgress' AND due_time <= ? ORDER BY due_time LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            ).map { try Self.decoder.decode(OperationRecord.self, from: $0) }
        }
    }

    public func nextDueTime() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(due_time) FROM operations WHERE status = 'InProgress'").map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func purgeOperations(dueBefore cutoff: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM operations WHERE status != 'InProgress' AND due_time < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    private static func upsert(_ db: Database, _ record: ResourceRecord) throws {
        if let unique = record.uniqueKey,
            let holder = try String.fetchOne(db, sql: "SELECT key FROM resources WHERE unique_key = ?", arguments: [unique]), holder != record.key
        {
            throw StoreError.uniqueKeyConflict(uniqueKey: unique)
        }
        try db.execute(
            sql: """
                INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET parent_key = excluded.parent_key, type = excluded.type, subscription_key = excluded.subscription_key,
                unique_key = excluded.unique_key, version = excluded.version, doc = excluded.doc
                """,
            arguments: [record.key, record.parentKey, record.type.rawValue, record.subscriptionKey, record.uniqueKey, record.version, try encoder.encode(record)])
    }

    private func fetchResource(_ db: Database, sql: String, _ argument: String) throws -> ResourceRecord? {
        try fetchResources(db, sql: sql, [argument]).first
    }

    private func fetchResources(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [ResourceRecord] {
        try Data.fetchAll(db, sql: sql, arguments: arguments).map { doc in
            try decoded.value(for: doc) { try Self.decoder.decode(ResourceRecord.self, from: $0) }
        }
    }
}
