import Foundation
import Logging
import PostgresNIO

/// PostgreSQL storage through postgres-nio, for several stateless nodes sharing one database. Every batch is one
/// transaction; create-versus-update, versions, unique keys and parents are decided by the database itself.
public struct PostgresResourceStore: ResourceStore {
    private let client: PostgresClient
    private let logger: Logger
    /// Longest a store call may take (waiting for a pooled connection included) before it fails, so an unreachable
    /// database gives a quick 503 instead of a hanging request.
    private let timeout: Duration
    /// Decoded records by their stored bytes (decoding is most of a read's cost).
    private let decoded = DecodeCache<ResourceRecord>()
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// The client must be running (it is a lifecycle service: run it in the service group).
    public init(client: PostgresClient, logger: Logger, timeout: Duration = .seconds(5)) {
        self.client = client
        self.logger = logger
        self.timeout = timeout
    }

    /// Runs `body`, giving up with ``StorageTimeout`` after `timeout` (the body is cancelled).
    private func timed<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw StorageTimeout()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Client configuration from a `postgres://user:password@host:port/database?sslmode=...` URL.
    public static func configuration(url: String, maxConnections: Int) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, let user = components.user
        else { throw StoreConfigurationError("--postgres-url must look like postgres://user:password@host:5432/database") }
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw StoreConfigurationError("unknown sslmode '\(mode)'")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: String(components.path.dropFirst()).nilIfEmpty, tls: tls)
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    public func resource(key: String) async throws -> ResourceRecord? {
        try await fetch("SELECT doc FROM resources WHERE key = \(key)").first
    }

    public func resources(keys: [String]) async throws -> [String: ResourceRecord] {
        let records = try await fetch("SELECT doc FROM resources WHERE key = ANY(\(keys))")
        return Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0) })
    }

    public func resource(uniqueKey: String) async throws -> ResourceRecord? {
        try await fetch("SELECT doc FROM resources WHERE unique_key = \(uniqueKey)").first
    }

    public func children(parentKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try await fetch(
            "SELECT doc FROM resources WHERE parent_key = \(parentKey) AND type = \(type.rawValue) AND key > \(after ?? "") ORDER BY key LIMIT \(limit)")
    }

    public func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try await fetch(
            "SELECT doc FROM resources WHERE subscription_key = \(subscriptionKey) AND type = \(type.rawValue) AND key > \(after ?? "") ORDER BY key LIMIT \(limit)"
        )
    }

    public func commit(_ batch: WriteBatch) async throws {
        let resources = try batch.resources.map { write -> (ResourceWrite, String?) in
            switch write {
            case .insert(let r), .update(let r, _): return (write, String(decoding: try Self.encoder.encode(r), as: UTF8.self))
            case .deleteTree: return (write, nil)
            }
        }
        let operations = try batch.operations.map { ($0, String(decoding: try Self.encoder.encode($0), as: UTF8.self)) }
        let logger = self.logger
        let client = self.client
        do {
            try await timed { try await Self.transaction(client, logger, resources, operations) }
        } catch let error as PostgresTransactionError {
            if let storeError = error.closureError as? StoreError { throw storeError }
            throw error
        }
    }

    private static func transaction(
        _ client: PostgresClient, _ logger: Logger, _ resources: [(ResourceWrite, String?)], _ operations: [(OperationRecord, String)]
    ) async throws {
            try await client.withTransaction(logger: logger) { connection in
                for (write, doc) in resources {
                    do {
                        try await Self.apply(write, doc: doc ?? "", on: connection, logger: logger)
                    } catch let error as PSQLError {
                        throw Self.storeError(error, write) ?? error
                    }
                }
                for (operation, doc) in operations {
                    try await connection.query(
                        """
                        INSERT INTO operations (id, status, due_time, doc) VALUES (\(operation.id), \(operation.status.rawValue), \(operation.dueTime.timeIntervalSince1970), \(doc))
                        ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_time = excluded.due_time, doc = excluded.doc
                        """, logger: logger)
                }
            }
    }

    private static func apply(_ write: ResourceWrite, doc: String, on connection: PostgresConnection, logger: Logger) async throws {
        switch write {
        case .insert(let r):
            let rows = try await connection.query(
                """
                INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc)
                VALUES (\(r.key), \(r.parentKey), \(r.type.rawValue), \(r.subscriptionKey), \(r.uniqueKey), \(r.version), \(doc))
                ON CONFLICT (key) DO NOTHING RETURNING key
                """, logger: logger)
            if try await rows.collect().isEmpty { throw StoreError.alreadyExists(key: r.key) }
        case .update(let r, let expected):
            let rows = try await connection.query(
                """
                UPDATE resources SET parent_key = \(r.parentKey), type = \(r.type.rawValue), subscription_key = \(r.subscriptionKey),
                unique_key = \(r.uniqueKey), version = \(r.version), doc = \(doc)
                WHERE key = \(r.key) AND version = \(expected) RETURNING key
                """, logger: logger)
            if try await rows.collect().isEmpty { throw StoreError.versionConflict(key: r.key) }
        case .deleteTree(let key):
            // The foreign key cascades to descendants; the range covers any written before it existed.
            try await connection.query("DELETE FROM resources WHERE key = \(key) OR (key >= \(key + "/") AND key < \(key + "0"))", logger: logger)
        }
    }

    /// Maps constraint violations to the storage contract's errors.
    private static func storeError(_ error: PSQLError, _ write: ResourceWrite) -> StoreError? {
        let r: ResourceRecord
        switch write {
        case .insert(let record), .update(let record, _): r = record
        case .deleteTree: return nil
        }
        switch error.serverInfo?[.sqlState] {
        case "23505": return error.serverInfo?[.constraintName]?.contains("unique_key") == true ? .uniqueKeyConflict(uniqueKey: r.uniqueKey ?? "") : .alreadyExists(key: r.key)
        case "23503": return .parentMissing(key: r.key)
        default: return nil
        }
    }

    public func operation(id: String) async throws -> OperationRecord? {
        try await fetchOperations("SELECT doc FROM operations WHERE id = \(id)").first
    }

    public func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord] {
        try await fetchOperations(
            "SELECT doc FROM operations WHERE status = 'InProgress' AND due_time <= \(now.timeIntervalSince1970) ORDER BY due_time LIMIT \(limit)")
    }

    public func nextDueTime() async throws -> Date? {
        let (client, logger) = (self.client, self.logger)
        return try await timed {
            let rows = try await client.query("SELECT MIN(due_time) FROM operations WHERE status = 'InProgress'", logger: logger)
            for try await value in rows.decode(Double?.self) { return value.map { Date(timeIntervalSince1970: $0) } }
            return nil
        }
    }

    public func purgeOperations(dueBefore cutoff: Date) async throws -> Int {
        let (client, logger) = (self.client, self.logger)
        return try await timed {
            let rows = try await client.query(
                "DELETE FROM operations WHERE status <> 'InProgress' AND due_time < \(cutoff.timeIntervalSince1970) RETURNING id", logger: logger)
            return try await rows.collect().count
        }
    }

    /// Documents (JSON text) of the rows a query returns, within the timeout.
    private func documents(_ query: PostgresQuery) async throws -> [String] {
        let (client, logger) = (self.client, self.logger)
        return try await timed {
            var documents: [String] = []
            for try await doc in try await client.query(query, logger: logger).decode(String.self) { documents.append(doc) }
            return documents
        }
    }

    private func fetch(_ query: PostgresQuery) async throws -> [ResourceRecord] {
        try await documents(query).map { doc in try decoded.value(for: Data(doc.utf8)) { try Self.decoder.decode(ResourceRecord.self, from: $0) } }
    }

    private func fetchOperations(_ query: PostgresQuery) async throws -> [OperationRecord] {
        try await documents(query).map { try Self.decoder.decode(OperationRecord.self, from: Data($0.utf8)) }
    }
}

/// A store call that did not finish in time (the database is unreachable or overloaded).
public struct StorageTimeout: Error {}

/// A storage option that cannot work (bad URL, bad combination).
public struct StoreConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
