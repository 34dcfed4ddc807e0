import Foundation
import GRDB

/// Embedded SQLite storage through GRDB: WAL journal, `synchronous=FULL`, so a commit is on disk before it returns.
/// Concurrent commits share one transaction and one fsync (``GroupCommitter``), and resources read by key come from
/// a write-through ``RecordCache``: this process is the database's only writer.
public struct SQLiteResourceStore: ResourceStore {
    private let pool: DatabasePool
    /// Records by key, written through by every commit.
    private let cache: RecordCache
    private let committer: GroupCommitter<EncodedBatch, [String]>
    private let lock: ExclusiveFileLock
    private static let decoder = JSONDecoder()

    /// Opens (creating if needed) the database file and applies the migrations. `cachedRecords` bounds the record cache;
    /// `groupCommitted` hears how many batches each transaction committed. Throws if another process has the database
    /// open (`<path>.lock`).
    public init(path: String, cachedRecords: Int = 20_000, groupCommitted: (@Sendable (Int) -> Void)? = nil) throws {
        lock = try ExclusiveFileLock(path: path + ".lock")
        var configuration = Configuration()
        // Only another process bypassing the lock (sqlite3 on the file) can hold the write lock: give up quickly, so that
        // a request answers 503 within 5 s.
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrator.migrate(pool)
            // A migration that rewrote the tables leaves their old pages free: give them back to the file system.
            let (free, total) = try pool.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0)
            }
            if free > 1024 && free * 4 > total { try pool.vacuum() }
        } catch {
            throw StoreConfigurationError("cannot open the SQLite database \(path): \(error)")
        }
        let cache = RecordCache(capacity: cachedRecords)
        self.pool = pool
        self.cache = cache
        committer = GroupCommitter(
            pool: pool,
            apply: { db, batch in try Self.write(db, batch) },
            committed: { applied in
                groupCommitted?(applied.count)
                for (batch, deleted) in applied { cache.apply(batch.batch.resources, deleted: deleted) }
            }
        )
    }

    /// Reads run synchronously on the calling thread: an indexed SQLite read from the page cache takes microseconds,
    /// far less than the two thread hops of GRDB's async read. They run outside an explicit transaction: each read is
    /// one statement, which SQLite runs on one snapshot anyway, and BEGIN/COMMIT doubled the cost of a cache miss.
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.unsafeRead(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("SQLite: \(error)")
        }
    }

    public func resources(keys: [String]) async throws -> [String: ResourceRecord] {
        var found: [String: ResourceRecord] = [:]
        for record in try ordered(keys) { if let record { found[record.key] = record } }
        return found
    }

    /// The record for each key (nil if there is none), from the cache, reading only the misses.
    private func ordered(_ keys: [String]) throws -> [ResourceRecord?] {
        var (records, generation) = cache.lookup(keys)
        let missing = zip(keys, records).compactMap { $1 == nil ? $0 : nil }
        guard !missing.isEmpty else { return records }
        let read = try read { db in
            let marks = Array(repeating: "?", count: missing.count).joined(separator: ",")
            // Statements for small key counts (a GET's) are kept prepared; a list's misses vary in count, so not those.
            return try fetchResources(
                db,
                sql: "\(SQLiteRow.select) WHERE r.key IN (\(marks))",
                StatementArguments(missing),
                cached: missing.count <= 4
            )
        }
        cache.fill(read, readAt: generation)
        let byKey = Dictionary(read.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for index in records.indices where records[index] == nil { records[index] = byKey[keys[index]] }
        return records
    }

    public func resource(uniqueKey: String) async throws -> ResourceRecord? {
        try read { db in
            try fetchResources(db, sql: "\(SQLiteRow.select) WHERE r.unique_key = ?", [SQLiteRow.digest(uniqueKey)]).first
        }
    }

    /// Lists read only keys (an index-only scan), then the records by key, mostly from the cache.
    public func children(parentKey: String, type: ResourceType?, after: String?, limit: Int) async throws -> [ResourceRecord] {
        if let type {
            return try await records(
                keysSQL: """
                    SELECT key FROM resources WHERE parent = (SELECT rid FROM resources WHERE key = ?) AND type = ? AND name > ?
                    ORDER BY name LIMIT ?
                    """,
                [parentKey, type.rawValue, after.map(SQLiteRow.name(ofKey:)) ?? "", limit]
            )
        }
        return try await records(
            keysSQL: "SELECT key FROM resources WHERE parent = (SELECT rid FROM resources WHERE key = ?) AND key > ? ORDER BY key LIMIT ?",
            [parentKey, after ?? "", limit]
        )
    }

    /// Types listed across a subscription are read from their own index (`listed_in`); the service lists no other type
    /// that way, so any other type is found by a scan.
    public func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        if SQLiteRow.isListedAcrossSubscriptions(type) {
            return try await records(
                keysSQL: "SELECT key FROM resources WHERE listed_in = ? AND type = ? AND key > ? ORDER BY key LIMIT ?",
                [subscriptionKey, type.rawValue, after ?? "", limit]
            )
        }
        return try await records(
            keysSQL: "SELECT key FROM resources WHERE subscription_key = ? AND type = ? AND key > ? ORDER BY key LIMIT ?",
            [subscriptionKey, type.rawValue, after ?? "", limit]
        )
    }

    private func records(keysSQL: String, _ arguments: StatementArguments) async throws -> [ResourceRecord] {
        let keys = try read { db in try String.fetchAll(db.cachedStatement(sql: keysSQL), arguments: arguments) }
        if let cached = cache.lookupAll(keys) { return cached }
        return try ordered(keys).compactMap { $0 }  // a key deleted in between is left out
    }

    public func commit(_ batch: WriteBatch) async throws {
        try await committer.commit(try EncodedBatch(batch))
    }

    /// A batch with its documents encoded up front, so the single writer thread only runs SQL.
    struct EncodedBatch: Sendable {
        let batch: WriteBatch
        /// Each put's ``StoredEnvelope``.
        let resourceDocs: [Data?]
        let operationDocs: [Data]

        init(_ batch: WriteBatch) throws {
            let encoder = JSONEncoder()
            self.batch = batch
            do {
                resourceDocs = try batch.resources.map { write in
                    guard case .put(let record) = write else { return nil }
                    return try StoredEnvelope.encode(record)
                }
                operationDocs = try batch.operations.map { try encoder.encode($0) }
            } catch {
                throw StoreError.unavailable("cannot encode the batch: \(error)")
            }
        }
    }

    /// Checks one batch's expectations and writes it (inside its savepoint); returns the keys it deleted.
    private static func write(_ db: Database, _ encoded: EncodedBatch) throws -> [String] {
        let batch = encoded.batch
        do {
            try check(batch.expectations, db)
            var deleted: [String] = []
            for (write, doc) in zip(batch.resources, encoded.resourceDocs) {
                switch write {
                case .put(let record):
                    try put(db, record, doc!)
                case .deleteTree(let key):
                    // '0' sorts right after '/', so the range holds exactly the keys under `key/`.
                    deleted += try String.fetchAll(
                        db.cachedStatement(sql: "DELETE FROM resources WHERE key = ? OR (key >= ? AND key < ?) RETURNING key"),
                        arguments: [key, key + "/", key + "0"]
                    )
                }
            }
            for (operation, doc) in zip(batch.operations, encoded.operationDocs) {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO operations (id, status, due_time, doc) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [operation.id, operation.status.rawValue, operation.dueTime.timeIntervalSince1970, doc])
            }
            return deleted
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError.parentMissing(key: batch.resources.first.map(\.key) ?? "")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("constraint: \(error.message ?? "")")
        } catch let error as DatabaseError {
            throw StoreError.unavailable("SQLite: \(error)")
        }
    }

    /// Throws ``StoreError/conflict(_:)`` unless every expectation holds. Runs on the single writer, so nothing can
    /// change between the checks and the writes.
    private static func check(_ expectations: [Expectation], _ db: Database) throws {
        for expectation in expectations {
            switch expectation {
            case .resource(let key, let version):
                let stored = try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM resources WHERE key = ?"), arguments: [key])
                guard stored == version else { throw StoreError.conflict("\(key) changed") }
            case .noChildren(let key):
                let child = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM resources WHERE parent = (SELECT rid FROM resources WHERE key = ?) LIMIT 1"),
                    arguments: [key]
                )
                guard child == nil else { throw StoreError.conflict("\(key) has children") }
            case .operationInProgress(let id):
                let status = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM operations WHERE id = ?"), arguments: [id])
                guard status == OperationRecord.Status.inProgress.rawValue else { throw StoreError.conflict("operation \(id) finished") }
            }
        }
    }

    public func operation(id: String) async throws -> OperationRecord? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT doc FROM operations WHERE id = ?", arguments: [id]).map {
                try Self.decoder.decode(OperationRecord.self, from: $0)
            }
        }
    }

    public func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord] {
        try read { db in
            try Data.fetchAll(
                db,
                sql: "SELECT doc FROM operations WHERE status = 'InProgress' AND due_time <= ? ORDER BY due_time LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            ).map { try Self.decoder.decode(OperationRecord.self, from: $0) }
        }
    }

    public func purgeOperations(dueBefore cutoff: Date) async throws -> Int {
        do {
            return try await pool.write { db in
                try db.execute(sql: "DELETE FROM operations WHERE status != 'InProgress' AND due_time < ?", arguments: [cutoff.timeIntervalSince1970])
                return db.changesCount
            }
        } catch {
            throw StoreError.unavailable("SQLite: \(error)")
        }
    }

    /// A `WHERE` clause selecting a subscription's resources (of the table named `table`), or everything.
    private static func scope(_ subscriptionKey: String?, table: String = "resources") -> (sql: String, arguments: StatementArguments) {
        guard let subscriptionKey else { return ("", []) }
        return (" WHERE \(table).subscription_key = ?", [subscriptionKey])
    }

    public func snapshot(subscriptionKey: String?) async throws -> StoreSnapshot {
        let (scope, arguments) = Self.scope(subscriptionKey, table: "r")
        return try read { db in
            let resources = try fetchResources(db, sql: "\(SQLiteRow.select)\(scope) ORDER BY r.key", arguments, cached: false)
            let operations = try Data.fetchAll(db, sql: "SELECT doc FROM operations ORDER BY id").map {
                try Self.decoder.decode(OperationRecord.self, from: $0)
            }
            return StoreSnapshot(
                resources: resources,
                operations: operations.filter { subscriptionKey == nil || $0.subscriptionKey == subscriptionKey }
            )
        }
    }

    public func replace(subscriptionKey: String?, with snapshot: StoreSnapshot) async throws -> StoreCounts {
        let encoded = try EncodedBatch(WriteBatch(resources: snapshot.resources.map { .put($0) }, operations: snapshot.operations))
        defer { cache.removeAll() }
        do {
            return try await pool.write { db in
                let (scope, arguments) = Self.scope(subscriptionKey)
                // Counted first: the foreign key's cascade removes children without counting them as changes.
                let resources = try Int.fetchOne(db, sql: "SELECT count(*) FROM resources\(scope)", arguments: arguments) ?? 0
                try db.execute(sql: "DELETE FROM resources\(scope)", arguments: arguments)
                var operations = 0
                if let subscriptionKey {
                    // Operations keep their subscription inside the document.
                    for doc in try Data.fetchAll(db, sql: "SELECT doc FROM operations") {
                        let operation = try Self.decoder.decode(OperationRecord.self, from: doc)
                        guard operation.subscriptionKey == subscriptionKey else { continue }
                        try db.execute(sql: "DELETE FROM operations WHERE id = ?", arguments: [operation.id])
                        operations += 1
                    }
                } else {
                    try db.execute(sql: "DELETE FROM operations")
                    operations = db.changesCount
                }
                for record in snapshot.resources where subscriptionKey != nil && record.subscriptionKey != subscriptionKey {
                    throw StoreError.conflict("\(record.key) lies outside the scope")
                }
                _ = try Self.write(db, encoded)
                return StoreCounts(resources: resources, operations: operations)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("SQLite: \(error)")
        }
    }

    public func inProgressOperationCount(now: Date) async throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM operations WHERE status = 'InProgress' OR due_time > ?",
                arguments: [now.timeIntervalSince1970]
            ) ?? 0
        }
    }

    public func subscriptionKeys() async throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT listed_in FROM resources WHERE listed_in IS NOT NULL AND type = ? ORDER BY listed_in",
                arguments: [ResourceType.resourceGroup.rawValue]
            )
        }
    }

    private static func put(_ db: Database, _ record: ResourceRecord, _ envelope: Data) throws {
        if let unique = record.uniqueKey,
            let holder = try String.fetchOne(
                db.cachedStatement(sql: "SELECT key FROM resources WHERE unique_key = ?"),
                arguments: [SQLiteRow.digest(unique)]
            ),
            holder != record.key
        {
            throw StoreError.uniqueKeyConflict(uniqueKey: unique)
        }
        try SQLiteRow.put(db, record, envelope: envelope)
    }

    private func fetchResources(_ db: Database, sql: String, _ arguments: StatementArguments, cached: Bool = true) throws -> [ResourceRecord] {
        try Row.fetchAll(cached ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql), arguments: arguments).map(SQLiteRow.record)
    }
}
