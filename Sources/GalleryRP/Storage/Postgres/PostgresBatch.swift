import Logging
import PostgresNIO

/// One ``WriteBatch`` inside a PostgreSQL transaction. Under READ COMMITTED, expectations only hold if the rows they
/// name are locked before they are checked: rows the batch writes are locked FOR UPDATE, rows it only read FOR SHARE,
/// so a parent's writer (a delete) and its children's writers (a create inside it) wait for each other instead of both
/// committing. A child's writer takes its share lock on the parent before inserting, and a parent's delete checks for
/// children only after its update lock is granted, so one of two racing writers always sees the other.
struct PostgresBatch {
    let batch: WriteBatch
    /// Encoded records, one per write (nil for deletes).
    let documents: [String?]
    let operations: [(OperationRecord, String)]

    func apply(on connection: PostgresConnection, logger: Logger) async throws {
        var expectedVersions: [String: Int?] = [:]
        for case .resource(let key, let version) in batch.expectations { expectedVersions[key] = version }
        let written = batch.writtenKeys
        let shared = expectedVersions.keys.filter { !written.contains($0) }.sorted()
        let updated = expectedVersions.keys.filter { written.contains($0) }.sorted()
        var stored: [String: Int] = [:]
        for (keys, lock) in [(shared, "SHARE"), (updated, "UPDATE")] where !keys.isEmpty {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT key, version FROM resources WHERE key = ANY($1) ORDER BY key FOR \(lock)", binds: binds(keys)),
                logger: logger
            )
            for try await (key, version) in rows.decode((String, Int).self) { stored[key] = version }
        }
        for (key, version) in expectedVersions where stored[key] != version { throw StoreError.conflict("\(key) changed") }
        for expectation in batch.expectations {
            switch expectation {
            case .resource: break
            case .noChildren(let key):
                let rows = try await connection.query("SELECT 1 FROM resources WHERE parent_key = \(key) LIMIT 1", logger: logger)
                if try await !rows.collect().isEmpty { throw StoreError.conflict("\(key) has children") }
            case .operationInProgress(let id):
                let rows = try await connection.query("SELECT status FROM operations WHERE id = \(id) FOR UPDATE", logger: logger)
                var status: String?
                for try await value in rows.decode(String.self) { status = value }
                guard status == OperationRecord.Status.inProgress.rawValue else { throw StoreError.conflict("operation \(id) finished") }
            }
        }
        for (write, document) in zip(batch.resources, documents) {
            switch write {
            case .put(let record):
                do {
                    try await put(record, document: document ?? "", expected: expectedVersions[record.key], on: connection, logger: logger)
                } catch let error as PSQLError {
                    switch PostgresResourceStore.storeError(error) {
                    case .uniqueKeyConflict: throw StoreError.uniqueKeyConflict(uniqueKey: record.uniqueKey ?? "")
                    case .parentMissing: throw StoreError.parentMissing(key: record.key)
                    default: throw error
                    }
                }
            case .deleteTree(let key):
                // The foreign key cascades to descendants; the range covers any written before it existed.
                try await connection.query("DELETE FROM resources WHERE key = \(key) OR (key >= \(key + "/") AND key < \(key + "0"))", logger: logger)
            }
        }
        for (operation, document) in operations {
            try await connection.query(
                """
                INSERT INTO operations (id, status, due_time, doc) VALUES (\(operation.id), \(operation.status.rawValue), \(operation.dueTime.timeIntervalSince1970), \(document))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_time = excluded.due_time, doc = excluded.doc
                """,
                logger: logger
            )
        }
    }

    /// A plain INSERT when the writer saw no row (a racing insert of the same key fails on the primary key), an UPDATE of
    /// the row locked above when it saw one, an upsert when it read nothing.
    private func put(_ r: ResourceRecord, document: String, expected: Int??, on connection: PostgresConnection, logger: Logger) async throws {
        switch expected {
        case .some(.none):
            try await connection.query(
                """
                INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc)
                VALUES (\(r.key), \(r.parentKey), \(r.type.rawValue), \(r.subscriptionKey), \(r.uniqueKey), \(r.version), \(document))
                """,
                logger: logger
            )
        case .some(.some):
            try await connection.query(
                """
                UPDATE resources SET parent_key = \(r.parentKey), type = \(r.type.rawValue), subscription_key = \(r.subscriptionKey),
                unique_key = \(r.uniqueKey), version = \(r.version), doc = \(document) WHERE key = \(r.key)
                """,
                logger: logger
            )
        case .none:
            try await connection.query(
                """
                INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc)
                VALUES (\(r.key), \(r.parentKey), \(r.type.rawValue), \(r.subscriptionKey), \(r.uniqueKey), \(r.version), \(document))
                ON CONFLICT (key) DO UPDATE SET parent_key = excluded.parent_key, type = excluded.type, subscription_key = excluded.subscription_key,
                unique_key = excluded.unique_key, version = excluded.version, doc = excluded.doc
                """,
                logger: logger
            )
        }
    }

    private func binds(_ keys: [String]) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(keys)
        return bindings
    }
}
