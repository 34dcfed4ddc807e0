import Foundation
import Logging
import PostgresNIO

/// One ``WriteBatch`` for PostgreSQL, encoded. Under READ COMMITTED, expectations only hold if the rows they name are
/// locked before they are checked: rows the batch writes are locked FOR UPDATE, rows it only read FOR SHARE, so a
/// parent's writer (a delete) and its children's writers (a create inside it) wait for each other instead of both
/// committing. A child's writer takes its share lock on the parent before inserting, and a parent's delete checks for
/// children only after its update lock is granted, so one of two racing writers always sees the other.
///
/// A batch that expects only resource versions and only stores records (every create, update and patch) runs as one
/// statement, ``statement``, in one round trip: its locking reads return the newest committed versions (PostgreSQL
/// re-reads a locked row that changed), and its writes happen only if those match. A batch with other expectations
/// (no children, an operation still running) or with deletes runs as a transaction of several statements (``apply(on:logger:)``),
/// because a check for children must see rows committed while it waited for its lock, which one statement's
/// snapshot does not.
struct PostgresBatch: Sendable {
    let batch: WriteBatch
    /// Encoded rows, one per write (nil for deletes).
    let rows: [PostgresRow.Encoded?]
    /// Encoded operations.
    let operations: [(OperationRecord, String)]
    /// The version each expected resource must have (nil: absent).
    private let expected: [String: Int?]

    init(_ batch: WriteBatch) throws {
        self.batch = batch
        let encoder = JSONEncoder()
        do {
            rows = try batch.resources.map { write in
                guard case .put(let record) = write else { return nil }
                return try PostgresRow.Encoded(record)
            }
            operations = try batch.operations.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        } catch {
            throw StoreError.unavailable("cannot encode the batch: \(error)")
        }
        var expected: [String: Int?] = [:]
        for case .resource(let key, let version) in batch.expectations { expected[key] = version }
        self.expected = expected
    }

    /// Whether the batch runs as one statement (``statement``).
    var isOneStatement: Bool {
        batch.expectations.allSatisfy { if case .resource = $0 { true } else { false } }
            && batch.resources.allSatisfy { if case .put = $0 { true } else { false } }
    }

    /// Keys to lock FOR SHARE (expected, not written) and FOR UPDATE (expected and written), each sorted.
    private var lockedKeys: (shared: [String], updated: [String]) {
        let written = batch.writtenKeys
        return (expected.keys.filter { !written.contains($0) }.sorted(), expected.keys.filter { written.contains($0) }.sorted())
    }

    /// The whole batch as one statement, answering one row: NULL if every expectation held, else the key of one that
    /// did not (and nothing was written).
    var statement: PostgresQuery {
        let (shared, updated) = lockedKeys
        let present = expected.compactMap { key, version in version.map { (key, $0) } }
        let absent = expected.filter { $0.value == nil }.map(\.key)
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 1024, interpolationCount: 16)
        sql.appendLiteral("WITH shared AS MATERIALIZED (SELECT key, version FROM resources WHERE key = ANY(")
        sql.appendInterpolation(shared)
        sql.appendLiteral(") ORDER BY key FOR SHARE), updated AS MATERIALIZED (SELECT key, version FROM resources WHERE key = ANY(")
        sql.appendInterpolation(updated)
        sql.appendLiteral(
            ") ORDER BY key FOR UPDATE), locked AS (SELECT key, version FROM shared UNION ALL SELECT key, version FROM updated), "
                + "failed AS (SELECT e.key FROM unnest("
        )
        sql.appendInterpolation(present.map(\.0))
        sql.appendLiteral("::text[], ")
        sql.appendInterpolation(present.map(\.1))
        sql.appendLiteral("::int8[]) AS e(key, version) LEFT JOIN locked ON locked.key = e.key WHERE locked.version IS DISTINCT FROM e.version ")
        sql.appendLiteral("UNION ALL SELECT key FROM locked WHERE key = ANY(")
        sql.appendInterpolation(absent)
        sql.appendLiteral(")), ok AS (SELECT NOT EXISTS (SELECT 1 FROM failed) AS ok)")
        for (index, row) in rows.enumerated() {
            guard let row else { continue }
            sql.appendLiteral(", w\(index) AS (")
            appendPut(row, to: &sql, onlyIf: "(SELECT ok FROM ok)")
            sql.appendLiteral(")")
        }
        for (index, (operation, document)) in operations.enumerated() {
            sql.appendLiteral(", o\(index) AS (")
            Self.appendOperation(operation, document: document, to: &sql, onlyIf: "(SELECT ok FROM ok)")
            sql.appendLiteral(")")
        }
        sql.appendLiteral(" SELECT min(key) FROM failed")
        return PostgresQuery(stringInterpolation: sql)
    }

    /// Runs the batch inside the caller's transaction, statement by statement; returns how many statements it sent.
    func apply(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var statements = 0
        func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
            statements += 1
            return try await connection.query(query, logger: logger)
        }
        let (shared, updated) = lockedKeys
        var stored: [String: Int] = [:]
        for (keys, lock) in [(shared, "SHARE"), (updated, "UPDATE")] where !keys.isEmpty {
            var bindings = PostgresBindings()
            bindings.append(keys)
            let rows = try await query(
                PostgresQuery(unsafeSQL: "SELECT key, version FROM resources WHERE key = ANY($1) ORDER BY key FOR \(lock)", binds: bindings)
            )
            for try await (key, version) in rows.decode((String, Int).self) { stored[key] = version }
        }
        for (key, version) in expected where stored[key] != version { throw StoreError.conflict("\(key) changed") }
        for expectation in batch.expectations {
            switch expectation {
            case .resource: break
            case .noChildren(let key):
                let rows = try await query("SELECT 1 FROM resources WHERE parent_key = \(key) LIMIT 1")
                if try await !rows.collect().isEmpty { throw StoreError.conflict("\(key) has children") }
            case .operationInProgress(let id):
                let rows = try await query("SELECT status FROM operations WHERE id = \(id) FOR UPDATE")
                var status: String?
                for try await value in rows.decode(String.self) { status = value }
                guard status == OperationRecord.Status.inProgress.rawValue else { throw StoreError.conflict("operation \(id) finished") }
            }
        }
        for (write, row) in zip(batch.resources, rows) {
            switch write {
            case .put:
                guard let row else { continue }
                var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 8)
                appendPut(row, to: &sql)
                do {
                    _ = try await query(PostgresQuery(stringInterpolation: sql))
                } catch let error as PSQLError {
                    throw storeError(error)
                }
            case .deleteTree(let key):
                // The foreign key cascades to descendants; the range covers any written before it existed.
                _ = try await query("DELETE FROM resources WHERE key = \(key) OR (key >= \(key + "/") AND key < \(key + "0"))")
            }
        }
        for (operation, document) in operations {
            var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 4)
            Self.appendOperation(operation, document: document, to: &sql)
            _ = try await query(PostgresQuery(stringInterpolation: sql))
        }
        return statements
    }

    /// The statement storing one record, written only if `condition` (SQL) holds: a plain INSERT when the writer saw no
    /// row (a racing insert of the same key fails on the primary key), an UPDATE of the row locked before when it saw
    /// one, an upsert when it read nothing (an import).
    private func appendPut(_ row: PostgresRow.Encoded, to sql: inout PostgresQuery.StringInterpolation, onlyIf condition: String = "true") {
        let key = row.record.key
        if case .some(.some) = expected[key] {
            sql.appendLiteral("UPDATE resources SET (\(PostgresRow.valueColumns)) = (")
            row.appendValues(to: &sql)
            sql.appendLiteral(") WHERE key = ")
            sql.appendInterpolation(key)
            sql.appendLiteral(" AND \(condition)")
            return
        }
        sql.appendLiteral("INSERT INTO resources (key, \(PostgresRow.valueColumns)) SELECT ")
        sql.appendInterpolation(key)
        sql.appendLiteral(", ")
        row.appendValues(to: &sql)
        sql.appendLiteral(" WHERE \(condition)")
        if expected[key] == nil { sql.appendLiteral(" ON CONFLICT (key) DO UPDATE SET \(Self.resourceUpdates)") }
    }

    /// The statement storing (inserting or replacing) one operation, written only if `condition` (SQL) holds.
    private static func appendOperation(
        _ operation: OperationRecord,
        document: String,
        to sql: inout PostgresQuery.StringInterpolation,
        onlyIf condition: String = "true"
    ) {
        sql.appendLiteral("INSERT INTO operations (id, status, due_time, doc) SELECT ")
        sql.appendInterpolation(operation.id)
        sql.appendLiteral(", ")
        sql.appendInterpolation(operation.status.rawValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(operation.dueTime.timeIntervalSince1970)
        sql.appendLiteral(", ")
        sql.appendInterpolation(document)
        sql.appendLiteral(
            " WHERE \(condition) ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_time = excluded.due_time, doc = excluded.doc"
        )
    }

    /// The store error for a constraint the batch's writes broke: a unique key another resource holds, a missing parent.
    func storeError(_ error: PSQLError) -> any Error {
        let puts = rows.compactMap { $0?.record }
        switch PostgresResourceStore.storeError(error) {
        case .uniqueKeyConflict: return StoreError.uniqueKeyConflict(uniqueKey: puts.first { $0.uniqueKey != nil }?.uniqueKey ?? "")
        case .parentMissing: return StoreError.parentMissing(key: puts.first?.key ?? "")
        default: return error
        }
    }

    private static let resourceUpdates = """
        parent_key = excluded.parent_key, type = excluded.type, subscription_key = excluded.subscription_key, \
        unique_key = excluded.unique_key, version = excluded.version, envelope = excluded.envelope, properties = excluded.properties
        """
}
