import Foundation
import Logging
import PostgresNIO

/// PostgreSQL storage through postgres-nio, for several stateless nodes sharing one database. Every batch is one
/// transaction that locks the rows it depends on, checks its expectations and writes; the database decides every race.
public struct PostgresResourceStore: ResourceStore {
    private let client: PostgresClient
    private let logger: Logger
    /// Longest a store call may take (waiting for a pooled connection included) before it fails, so an unreachable
    /// database gives a 503 within 5 s instead of a hanging request.
    private let timeout: Duration
    /// Decoded envelopes by their stored bytes.
    private let envelopes = DecodeCache<StoredEnvelope>()
    /// Hears how many round trips to the database each store call made (a transaction's BEGIN and COMMIT included).
    private let roundTrips: (@Sendable (Int) -> Void)?
    private static let decoder = JSONDecoder()

    /// The client must be running (it is a lifecycle service: run it in the service group).
    public init(client: PostgresClient, logger: Logger, timeout: Duration = .milliseconds(4500), roundTrips: (@Sendable (Int) -> Void)? = nil) {
        self.client = client
        self.logger = logger
        self.timeout = timeout
        self.roundTrips = roundTrips
    }

    /// Client configuration from a `postgres://user:password@host:port/database?sslmode=...` URL.
    public static func configuration(url: String, maxConnections: Int) throws -> PostgresClient.Configuration {
        let target = try PostgresTarget(url: url)
        let tls: PostgresClient.Configuration.TLS
        switch target.sslMode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw StoreConfigurationError("unknown sslmode '\(target.sslMode)'")
        }
        var configuration = PostgresClient.Configuration(
            host: target.host,
            port: target.port,
            username: target.user,
            password: target.password,
            database: target.database,
            tls: tls
        )
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }

    public func resources(keys: [String]) async throws -> [String: ResourceRecord] {
        let records = try await fetch("SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE key = ANY(\(keys))")
        return Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func resource(uniqueKey: String) async throws -> ResourceRecord? {
        try await fetch("SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE unique_key = \(uniqueKey)").first
    }

    public func children(parentKey: String, type: ResourceType?, after: String?, limit: Int) async throws -> [ResourceRecord] {
        if let type {
            return try await fetch(
                "SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE parent_key = \(parentKey) AND type = \(type.rawValue) AND key > \(after ?? "") ORDER BY key LIMIT \(limit)"
            )
        }
        return try await fetch(
            "SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE parent_key = \(parentKey) AND key > \(after ?? "") ORDER BY key LIMIT \(limit)"
        )
    }

    public func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try await fetch(
            "SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE subscription_key = \(subscriptionKey) AND type = \(type.rawValue) AND key > \(after ?? "") ORDER BY key LIMIT \(limit)"
        )
    }

    public func commit(_ batch: WriteBatch) async throws {
        let encoded = try PostgresBatch(batch)
        let (client, logger) = (self.client, self.logger)
        if encoded.isOneStatement {
            let statement = encoded.statement
            defer { roundTrips?(1) }
            let failed = try await run {
                do {
                    var failed: String?
                    for try await key in try await client.query(statement, logger: logger).decode(String?.self) { failed = key }
                    return failed
                } catch let error as PSQLError {
                    throw encoded.storeError(error)
                }
            }
            if let failed { throw StoreError.conflict("\(failed) changed") }
            return
        }
        let statements = try await run {
            try await client.withTransaction(logger: logger) { connection in try await encoded.apply(on: connection, logger: logger) }
        }
        roundTrips?(statements + 2)
    }

    public func operation(id: String) async throws -> OperationRecord? {
        try await fetchOperations("SELECT doc FROM operations WHERE id = \(id)").first
    }

    public func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord] {
        try await fetchOperations(
            "SELECT doc FROM operations WHERE status = 'InProgress' AND due_time <= \(now.timeIntervalSince1970) ORDER BY due_time LIMIT \(limit)"
        )
    }

    public func purgeOperations(dueBefore cutoff: Date) async throws -> Int {
        defer { roundTrips?(1) }
        let (client, logger) = (self.client, self.logger)
        return try await run {
            let rows = try await client.query(
                "DELETE FROM operations WHERE status <> 'InProgress' AND due_time < \(cutoff.timeIntervalSince1970) RETURNING id",
                logger: logger
            )
            return try await rows.collect().count
        }
    }

    public func snapshot(subscriptionKey: String?) async throws -> StoreSnapshot {
        let resources: [ResourceRecord]
        if let subscriptionKey {
            resources = try await fetch(
                "SELECT \(unescaped: PostgresRow.columns) FROM resources WHERE subscription_key = \(subscriptionKey) ORDER BY key"
            )
        } else {
            resources = try await fetch("SELECT \(unescaped: PostgresRow.columns) FROM resources ORDER BY key")
        }
        let operations = try await fetchOperations("SELECT doc FROM operations ORDER BY id")
        return StoreSnapshot(resources: resources, operations: operations.filter { subscriptionKey == nil || $0.subscriptionKey == subscriptionKey })
    }

    public func replace(subscriptionKey: String?, with snapshot: StoreSnapshot) async throws -> StoreCounts {
        for record in snapshot.resources where subscriptionKey != nil && record.subscriptionKey != subscriptionKey {
            throw StoreError.conflict("\(record.key) lies outside the scope")
        }
        let encoded = try PostgresBatch(WriteBatch(resources: snapshot.resources.map { .put($0) }, operations: snapshot.operations))
        let (client, logger) = (self.client, self.logger)
        return try await run {
            try await client.withTransaction(logger: logger) { connection in
                func count(_ query: PostgresQuery) async throws -> Int { try await connection.query(query, logger: logger).collect().count }
                let counts: StoreCounts
                if let subscriptionKey {
                    counts = StoreCounts(
                        resources: try await count("DELETE FROM resources WHERE subscription_key = \(subscriptionKey) RETURNING key"),
                        operations: try await count("DELETE FROM operations WHERE doc::jsonb->>'subscriptionKey' = \(subscriptionKey) RETURNING id")
                    )
                } else {
                    counts = StoreCounts(
                        resources: try await count("DELETE FROM resources RETURNING key"),
                        operations: try await count("DELETE FROM operations RETURNING id")
                    )
                }
                let statements = try await encoded.apply(on: connection, logger: logger)
                roundTrips?(statements + 4)  // BEGIN, the two DELETEs, the batch, COMMIT
                return counts
            }
        }
    }

    public func inProgressOperationCount(now: Date) async throws -> Int {
        defer { roundTrips?(1) }
        let (client, logger) = (self.client, self.logger)
        return try await run {
            var count = 0
            for try await value in try await client.query(
                "SELECT count(*) FROM operations WHERE status = 'InProgress' OR due_time > \(now.timeIntervalSince1970)",
                logger: logger
            )
            .decode(Int.self) {
                count = value
            }
            return count
        }
    }

    public func subscriptionKeys() async throws -> [String] {
        defer { roundTrips?(1) }
        let (client, logger) = (self.client, self.logger)
        return try await run {
            var keys: [String] = []
            let rows = try await client.query(
                "SELECT DISTINCT subscription_key FROM resources WHERE type = \(ResourceType.resourceGroup.rawValue) ORDER BY subscription_key",
                logger: logger
            )
            for try await key in rows.decode(String.self) { keys.append(key) }
            return keys
        }
    }

    /// Runs a database call within the deadline, with every driver error turned into a ``StoreError``.
    private func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(timeout, body)
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            if let storeError = error.closureError as? StoreError { throw storeError }
            throw Self.storeError(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Constraint violations and serialization failures are conflicts the writer resolves by reading again; anything
    /// else means the database is unavailable.
    static func storeError(_ error: any Error) -> StoreError {
        guard let error = error as? PSQLError else { return .unavailable("PostgreSQL: \(String(reflecting: error))") }
        switch error.serverInfo?[.sqlState] {
        case "23505":
            if error.serverInfo?[.constraintName]?.contains("unique_key") == true { return .uniqueKeyConflict(uniqueKey: "") }
            return .conflict("the key was taken")
        case "23503": return .parentMissing(key: "")
        case "40001", "40P01": return .conflict("serialization failure")
        default: return .unavailable("PostgreSQL: \(String(reflecting: error))")
        }
    }

    /// The records a query reading ``PostgresRow/columns`` returns, within the deadline.
    private func fetch(_ query: PostgresQuery) async throws -> [ResourceRecord] {
        let (client, logger, envelopes) = (self.client, self.logger, self.envelopes)
        defer { roundTrips?(1) }
        let records = try await run {
            var records: [ResourceRecord] = []
            for try await row in try await client.query(query, logger: logger).decode(PostgresRow.Columns.self) {
                do {
                    records.append(try PostgresRow.record(row, envelopes: envelopes))
                } catch {
                    throw StoreError.unavailable("unreadable resource envelope: \(error)")
                }
            }
            return records
        }
        return records
    }

    /// Documents (JSON text) of the operations a query returns, within the deadline.
    private func documents(_ query: PostgresQuery) async throws -> [String] {
        let (client, logger) = (self.client, self.logger)
        defer { roundTrips?(1) }
        let documents = try await run {
            var documents: [String] = []
            for try await doc in try await client.query(query, logger: logger).decode(String.self) { documents.append(doc) }
            return documents
        }
        return documents
    }

    private func fetchOperations(_ query: PostgresQuery) async throws -> [OperationRecord] {
        try await documents(query).map { doc in
            do {
                return try Self.decoder.decode(OperationRecord.self, from: Data(doc.utf8))
            } catch {
                throw StoreError.unavailable("unreadable operation document: \(error)")
            }
        }
    }
}
