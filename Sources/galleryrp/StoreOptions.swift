import ArgumentParser
import Foundation
import GalleryRP
import Logging
import PostgresNIO

/// Where the one-shot commands (`load`, `export`, `import`) find the store: a SQLite data directory (refused while a
/// service holds it) or PostgreSQL (migrated first).
struct StoreOptions: ParsableArguments {
    private static let env = ProcessInfo.processInfo.environment

    @Option(name: .customLong("data-dir"), help: "Data directory of the SQLite store (GALLERYRP_DATA_DIR).")
    var dataDirectory: String = env["GALLERYRP_DATA_DIR"] ?? "./.galleryrp"
    @Option(help: "sqlite (default) or postgres (GALLERYRP_STORAGE).") var storage: String = env["GALLERYRP_STORAGE"] ?? "sqlite"
    @Option(name: .customLong("postgres-url"), help: "postgres://… (GALLERYRP_POSTGRES_URL); migrations are applied first.")
    var postgresURL: String?

    private var postgres: String? { postgresURL ?? Self.env["GALLERYRP_POSTGRES_URL"] }

    func validate() throws {
        guard ["sqlite", "postgres"].contains(storage) else { throw ValidationError("--storage is sqlite or postgres.") }
        if storage == "postgres" && postgres == nil { throw ValidationError("--storage postgres needs --postgres-url.") }
    }

    /// Runs `body` with the store open.
    func withStore(_ body: @escaping @Sendable (any ResourceStore) async throws -> Void) async throws {
        if storage == "postgres", let postgres {
            var logger = Logger(label: "galleryrp.store")
            logger.logLevel = .warning
            try await GalleryRPServer.withPostgres(url: postgres, logger: logger) { [logger] client in
                _ = try await PostgresMigrations.apply(client, logger: logger)
                try await body(PostgresResourceStore(client: client, logger: logger, timeout: .seconds(60)))
            }
        } else {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try await body(SQLiteResourceStore(path: "\(dataDirectory)/galleryrp.sqlite", cachedRecords: 0))
        }
    }
}
