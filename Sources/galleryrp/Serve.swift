import ArgumentParser
import Foundation
import GalleryRP
import Logging
import PostgresNIO

/// Every option also reads an environment variable (`GALLERYRP_<NAME>`); the flag wins.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the service (the default).")

    private static let env = ProcessInfo.processInfo.environment

    @Option(help: "Address to listen on (GALLERYRP_HOST).")
    var host: String = env["GALLERYRP_HOST"] ?? "127.0.0.1"

    @Option(help: "HTTPS port (GALLERYRP_PORT).")
    var port: Int = env["GALLERYRP_PORT"].flatMap(Int.init) ?? 8443

    @Option(name: .customLong("http-port"), help: "Also serve plain HTTP on this port (GALLERYRP_HTTP_PORT).")
    var httpPort: Int?

    @Option(name: .customLong("data-dir"), help: "Directory for the database, CA and certificates (GALLERYRP_DATA_DIR).")
    var dataDirectory: String = env["GALLERYRP_DATA_DIR"] ?? "./.galleryrp"

    @Flag(name: .customLong("in-memory"), help: "Keep resources in memory only (GALLERYRP_IN_MEMORY=1).")
    var inMemory = false

    @Option(help: "sqlite (default), memory or postgres (GALLERYRP_STORAGE).")
    var storage: String = env["GALLERYRP_STORAGE"] ?? "sqlite"

    @Option(name: .customLong("postgres-url"), help: "postgres://user:password@host:port/database[?sslmode=...] (GALLERYRP_POSTGRES_URL).")
    var postgresURL: String?

    @Option(name: .customLong("postgres-max-connections"), help: "PostgreSQL pool size per node (GALLERYRP_POSTGRES_MAX_CONNECTIONS).")
    var postgresMaxConnections: Int = env["GALLERYRP_POSTGRES_MAX_CONNECTIONS"].flatMap(Int.init) ?? 20

    @Flag(name: .customLong("migrate"), help: "Apply PostgreSQL migrations at start-up (GALLERYRP_MIGRATE=1).")
    var migrate = false

    @Option(name: .customLong("shutdown-timeout"), help: "Seconds SIGTERM waits for in-flight requests (GALLERYRP_SHUTDOWN_TIMEOUT).")
    var shutdownTimeout: Int64 = env["GALLERYRP_SHUTDOWN_TIMEOUT"].flatMap(Int64.init) ?? 10

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (GALLERYRP_LOG_LEVEL).")
    var logLevel: String = env["GALLERYRP_LOG_LEVEL"] ?? "info"

    @Option(name: .customLong("operation-duration"), help: "Seconds a long-running operation takes (GALLERYRP_OPERATION_DURATION).")
    var operationDuration: Double = env["GALLERYRP_OPERATION_DURATION"].flatMap(Double.init) ?? 0.5

    @Option(
        name: .customLong("replication-duration"),
        help: "Seconds an image version's create, update and delete take; default 4 x --operation-duration (GALLERYRP_REPLICATION_DURATION)."
    )
    var replicationDuration: Double?

    @Option(name: .customLong("page-size"), help: "Items per list page without $top (GALLERYRP_PAGE_SIZE).")
    var pageSize: Int = env["GALLERYRP_PAGE_SIZE"].flatMap(Int.init) ?? 100

    @Flag(name: .customLong("any-api-version"), help: "Accept any well-formed api-version (GALLERYRP_ANY_API_VERSION=1).")
    var anyAPIVersion = false

    @Option(name: .customLong("host-name"), help: "Extra DNS name for the generated certificate; repeatable (GALLERYRP_HOST_NAMES, comma-separated).")
    var hostNames: [String] = env["GALLERYRP_HOST_NAMES"].map { $0.split(separator: ",").map(String.init) } ?? []

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain to serve instead of the generated one (GALLERYRP_TLS_CERT).")
    var certificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert (GALLERYRP_TLS_KEY).")
    var key: String?

    @Option(
        name: .customLong("auth-mode"),
        help: "permissive (any bearer token) or strict (verified tokens, role assignments) (GALLERYRP_AUTH_MODE)."
    )
    var authMode: String = env["GALLERYRP_AUTH_MODE"] ?? "permissive"

    @Option(name: .customLong("directory"), help: "JSON file of tenants, subscriptions, principals and role assignments (GALLERYRP_DIRECTORY).")
    var directory: String?

    @Option(
        name: .customLong("request-timeout"),
        help: "Seconds a client has to send a request head; the body gets twice that (GALLERYRP_REQUEST_TIMEOUT)."
    )
    var requestTimeout: Double = env["GALLERYRP_REQUEST_TIMEOUT"].flatMap(Double.init) ?? 30

    @Option(
        name: .customLong("admin-token"),
        help:
            "Bearer token the control plane (/_galleryrp, /metrics) requires; without it, only local callers in permissive mode (GALLERYRP_ADMIN_TOKEN)."
    )
    var adminToken: String?

    @Option(name: .customLong("journal-size"), help: "Requests the journal keeps, 0 for none (GALLERYRP_JOURNAL_SIZE).")
    var journalSize: Int = env["GALLERYRP_JOURNAL_SIZE"].flatMap(Int.init) ?? 1000

    @Flag(name: .customLong("journal-bodies"), help: "Keep request and response bodies in the journal (GALLERYRP_JOURNAL_BODIES=1).")
    var journalBodies = false

    @Option(help: "off (default) or arm: emulate ARM's request throttling (GALLERYRP_THROTTLING).")
    var throttling: String = env["GALLERYRP_THROTTLING"] ?? "off"

    @Option(help: "A state document (GET /_galleryrp/state, galleryrp export) to load into an empty store at start-up (GALLERYRP_SEED).")
    var seed: String?

    private static func flag(_ name: String) -> Bool { ["1", "true", "yes"].contains(env[name]?.lowercased() ?? "") }

    /// Optional options fall back to their environment variables (an Optional option cannot have a default).
    private var http: Int? { httpPort ?? Self.env["GALLERYRP_HTTP_PORT"].flatMap(Int.init) }
    private var postgres: String? { postgresURL ?? Self.env["GALLERYRP_POSTGRES_URL"] }
    private var tlsCertificate: String? { certificate ?? Self.env["GALLERYRP_TLS_CERT"] }
    private var tlsKey: String? { key ?? Self.env["GALLERYRP_TLS_KEY"] }
    private var directoryFile: String? { directory ?? Self.env["GALLERYRP_DIRECTORY"] }
    private var replication: Double? { replicationDuration ?? Self.env["GALLERYRP_REPLICATION_DURATION"].flatMap(Double.init) }
    private var admin: String? { adminToken ?? Self.env["GALLERYRP_ADMIN_TOKEN"] }
    private var seedFile: String? { seed ?? Self.env["GALLERYRP_SEED"] }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("Unknown --log-level '\(logLevel)'.") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together.") }
        guard pageSize >= 1 && pageSize <= 1000 else { throw ValidationError("--page-size must be between 1 and 1000.") }
        guard AuthMode(rawValue: authMode) != nil else { throw ValidationError("--auth-mode is permissive or strict.") }
        if let directoryFile { _ = try Directory.load(path: directoryFile) }
        guard let backend = StorageBackend(rawValue: storage) else { throw ValidationError("--storage is sqlite, memory or postgres.") }
        if backend == .postgres && postgres == nil { throw ValidationError("--storage postgres needs --postgres-url.") }
        if backend == .postgres && inMemory { throw ValidationError("--in-memory and --storage postgres exclude each other.") }
        guard postgresMaxConnections >= 1 else { throw ValidationError("--postgres-max-connections must be at least 1.") }
        guard shutdownTimeout >= 1 else { throw ValidationError("--shutdown-timeout must be at least 1.") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive.") }
        guard operationDuration >= 0 else { throw ValidationError("--operation-duration must not be negative.") }
        guard (replication ?? 0) >= 0 else { throw ValidationError("--replication-duration must not be negative.") }
        guard journalSize >= 0 && journalSize <= 1_000_000 else { throw ValidationError("--journal-size must be between 0 and 1000000.") }
        guard ThrottlingMode(rawValue: throttling) != nil else { throw ValidationError("--throttling is off or arm.") }
        if let admin, !ServiceConfiguration.isWellFormedAdminToken(admin) {
            throw ValidationError("--admin-token must be at least 16 characters of letters, digits and -._~+/=.")
        }
        if let seedFile, !FileManager.default.isReadableFile(atPath: seedFile) { throw ValidationError("--seed \(seedFile) cannot be read.") }
    }

    func run() async throws {
        var configuration = ServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.httpPort = http
        configuration.dataDirectory = dataDirectory
        configuration.inMemory = inMemory || Self.flag("GALLERYRP_IN_MEMORY")
        configuration.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        configuration.operationDuration = operationDuration
        configuration.replicationDuration = replication
        configuration.pageSize = pageSize
        configuration.acceptAnyAPIVersion = anyAPIVersion || Self.flag("GALLERYRP_ANY_API_VERSION")
        configuration.hostNames = hostNames
        configuration.certificatePath = tlsCertificate
        configuration.keyPath = tlsKey
        configuration.authMode = AuthMode(rawValue: authMode) ?? .permissive
        configuration.directoryPath = directoryFile
        configuration.requestTimeout = requestTimeout
        configuration.storage = StorageBackend(rawValue: storage) ?? .sqlite
        configuration.postgresURL = postgres
        configuration.postgresMaxConnections = postgresMaxConnections
        configuration.migrateOnStart = migrate || Self.flag("GALLERYRP_MIGRATE")
        configuration.shutdownTimeout = shutdownTimeout
        configuration.adminToken = admin
        configuration.journalSize = journalSize
        configuration.journalBodies = journalBodies || Self.flag("GALLERYRP_JOURNAL_BODIES")
        configuration.throttling = ThrottlingMode(rawValue: throttling) ?? .off
        configuration.seedPath = seedFile
        try await GalleryRPServer.run(configuration: configuration)
    }
}
