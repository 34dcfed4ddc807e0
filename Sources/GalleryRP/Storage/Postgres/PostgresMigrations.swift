import Logging
import PostgresNIO

/// Versioned schema of the PostgreSQL store. Applying takes a transaction-scoped advisory lock, so several nodes
/// starting at once migrate exactly once.
public enum PostgresMigrations {
    /// Migrations in order; each runs once, inside the same transaction as its bookkeeping row.
    static let steps: [(version: Int, sql: [PostgresQuery])] = [
        (
            1,
            [
                """
                CREATE TABLE resources (
                    key text COLLATE "C" PRIMARY KEY,
                    parent_key text COLLATE "C" REFERENCES resources(key) ON DELETE CASCADE,
                    type text NOT NULL,
                    subscription_key text COLLATE "C" NOT NULL,
                    unique_key text COLLATE "C" UNIQUE,
                    version bigint NOT NULL,
                    doc text NOT NULL
                )
                """,
                "CREATE INDEX resources_by_parent ON resources (parent_key, type, key)",
                "CREATE INDEX resources_by_subscription ON resources (subscription_key, type, key)",
                "CREATE TABLE operations (id text PRIMARY KEY, status text NOT NULL, due_time double precision NOT NULL, doc text NOT NULL)",
                "CREATE INDEX operations_due ON operations (status, due_time)",
            ]
        ),
        (
            // The row layout of ``PostgresRow``: the envelope and the properties (decoded from the old document's
            // base64) in columns of their own instead of one document repeating the columns.
            2,
            [
                "ALTER TABLE resources ADD COLUMN envelope text, ADD COLUMN properties text",
                """
                UPDATE resources SET properties = convert_from(decode(d->>'properties', 'base64'), 'UTF8'),
                envelope = jsonb_strip_nulls(jsonb_build_object('id', d->'id', 'name', d->'name', 'location', d->'location', 'tags', d->'tags',
                'state', d->'provisioningState', 'operation', d->'operationID', 'settling', d->'settling', 'uniqueKey', d->'uniqueKey'))::text
                FROM (SELECT key AS k, doc::jsonb AS d FROM resources) AS old WHERE resources.key = old.k
                """,
                "ALTER TABLE resources DROP COLUMN doc, ALTER COLUMN envelope SET NOT NULL, ALTER COLUMN properties SET NOT NULL",
            ]
        ),
    ]

    /// Throws unless every migration has been applied (nodes started without `--migrate` refuse an old schema). An
    /// unreachable database is reported as such, not as a missing schema.
    public static func check(_ client: PostgresClient, logger: Logger, timeout: Duration = .seconds(10)) async throws {
        let applied: Set<Int>
        do {
            applied = try await withDeadline(timeout) {
                var versions: Set<Int> = []
                for try await version in try await client.query("SELECT version FROM galleryrp_migrations", logger: logger).decode(Int.self) {
                    versions.insert(version)
                }
                return versions
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
            applied = []  // undefined_table: nothing was ever migrated
        } catch {
            throw StoreConfigurationError("cannot read the PostgreSQL schema version: \(reason(error))")
        }
        let missing = steps.map(\.version).filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw StoreConfigurationError("the PostgreSQL schema lacks migrations \(missing); run `galleryrp migrate` or start with --migrate")
        }
    }

    /// Applies every missing migration (up to `last`, if given); returns the versions applied now. The database must
    /// answer within `timeout`; the migrations themselves may take up to `migrationTimeout` (rewriting a million rows
    /// takes about a minute).
    @discardableResult
    public static func apply(
        _ client: PostgresClient,
        logger: Logger,
        timeout: Duration = .seconds(30),
        migrationTimeout: Duration = .seconds(3600),
        upTo last: Int = .max
    ) async throws -> [Int] {
        do {
            try await withDeadline(timeout) { _ = try await client.query("SELECT 1", logger: logger).collect() }
            return try await withDeadline(migrationTimeout) {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(7275231)", logger: logger)
                    try await connection.query(
                        "CREATE TABLE IF NOT EXISTS galleryrp_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                        logger: logger
                    )
                    var applied: Set<Int> = []
                    for try await version in try await connection.query("SELECT version FROM galleryrp_migrations", logger: logger).decode(Int.self) {
                        applied.insert(version)
                    }
                    var now: [Int] = []
                    for step in steps where !applied.contains(step.version) && step.version <= last {
                        for statement in step.sql { try await connection.query(statement, logger: logger) }
                        try await connection.query("INSERT INTO galleryrp_migrations (version) VALUES (\(step.version))", logger: logger)
                        now.append(step.version)
                    }
                    return now
                }
            }
        } catch {
            throw StoreConfigurationError("cannot migrate the PostgreSQL schema: \(reason(error))")
        }
    }

    /// A readable cause: the server's message, or why the connection failed.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        if let error = error as? PostgresTransactionError, let inner = error.closureError ?? error.beginError ?? error.commitError {
            return reason(inner)
        }
        if case .unavailable = error as? StoreError { return "the database did not answer (is it running and reachable?)" }
        return "\(error)"
    }
}
