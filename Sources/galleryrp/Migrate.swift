import ArgumentParser
import Foundation
import GalleryRP
import Logging
import PostgresNIO

/// `galleryrp migrate`: apply the PostgreSQL schema migrations once, then exit. Safe to run from several nodes at once.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply PostgreSQL schema migrations and exit.")

    @Option(name: .customLong("postgres-url"), help: "postgres://user:password@host:port/database (GALLERYRP_POSTGRES_URL).")
    var postgresURL: String?

    func run() async throws {
        guard let postgresURL = postgresURL ?? ProcessInfo.processInfo.environment["GALLERYRP_POSTGRES_URL"] else {
            throw ValidationError("migrate needs --postgres-url (or GALLERYRP_POSTGRES_URL).")
        }
        var mutableLogger = Logger(label: "galleryrp.migrate")
        mutableLogger.logLevel = .warning
        let logger = mutableLogger
        let applied = try await GalleryRPServer.withPostgres(url: postgresURL, logger: logger) { client in
            try await PostgresMigrations.apply(client, logger: logger)
        }
        print(
            applied.isEmpty
                ? "PostgreSQL schema is up to date." : "Applied PostgreSQL migrations: \(applied.map(String.init).joined(separator: ", "))."
        )
    }
}
