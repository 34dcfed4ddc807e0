import Logging

/// Everything the service can be configured with; the command line and environment fill it.
public struct ServiceConfiguration: Sendable {
    /// Address of the HTTPS listener.
    public var host = "127.0.0.1"
    public var port = 8443
    /// Optional plain-HTTP listener port.
    public var httpPort: Int?
    /// Where the database, CA and certificates live.
    public var dataDirectory = "./.galleryrp"
    /// Keep nothing on disk (in-memory store; certificates still go to the data directory).
    public var inMemory = false
    /// Where resources live: `sqlite` (default), `memory` or `postgres`.
    public var storage: StorageBackend = .sqlite
    /// `postgres://user:password@host:port/database[?sslmode=disable|prefer|require]` for `--storage postgres`.
    public var postgresURL: String?
    /// Connection pool size per node for PostgreSQL.
    public var postgresMaxConnections = 20
    /// Apply database migrations at start-up (PostgreSQL; SQLite always migrates itself).
    public var migrateOnStart = false
    public var logLevel: Logger.Level = .info
    /// How long a long-running operation takes before it succeeds, in seconds.
    public var operationDuration: Double = 0.5
    /// How long operations on replicated types (image versions) take, in seconds; nil: four times ``operationDuration``.
    public var replicationDuration: Double?
    /// Items per list page when the client sends no `$top`.
    public var pageSize = 100
    /// Accept any well-formed api-version instead of the published list.
    public var acceptAnyAPIVersion = false
    /// Extra DNS names for the generated server certificate.
    public var hostNames: [String] = []
    /// User-supplied PEM certificate chain and key (both or neither).
    public var certificatePath: String?
    public var keyPath: String?
    /// `permissive` (any bearer token) or `strict` (verified tokens and role assignments).
    public var authMode: AuthMode = .permissive
    /// JSON file declaring tenants, subscriptions, principals and role assignments; nil uses ``Directory/default``.
    public var directoryPath: String?
    /// Seconds a client has to send a request head (from connecting, or from its previous request); the body gets twice that.
    public var requestTimeout: Double = 30
    /// Seconds SIGTERM waits for in-flight requests before the process exits anyway.
    public var shutdownTimeout: Int64 = 10
    /// `Retry-After` seconds on long-running operation responses.
    public var retryAfterSeconds = 1
    /// Where operation start, due and end times come from (tests drive a manual clock).
    public var clock: any WallClock = SystemWallClock()

    // MARK: The control plane (`/_galleryrp/…`, `/metrics`)

    /// Bearer token the control plane requires. Without one it answers only callers on this machine in permissive mode,
    /// and is off in strict mode.
    public var adminToken: String?
    /// Requests the journal keeps (0: none).
    public var journalSize = 1000
    /// Keep request and response bodies in the journal.
    public var journalBodies = false
    /// Emulate ARM's request throttling.
    public var throttling: ThrottlingMode = .off
    /// A state document to load into an empty store at start-up.
    public var seedPath: String?

    /// An admin token must be sendable as a bearer token and long enough not to be guessed: 16 characters or more.
    public static func isWellFormedAdminToken(_ token: String) -> Bool {
        token.count >= 16 && AuthenticationMiddleware.bearerToken("Bearer \(token)") == token
    }

    public init() {}

    /// Seconds a long-running operation on a resource of `kind` takes.
    public func operationDuration(for kind: ResourceKind) -> Double {
        kind.replicates ? replicationDuration ?? operationDuration * 4 : operationDuration
    }

    /// The backend in effect: `--in-memory` wins over `--storage`.
    public var effectiveStorage: StorageBackend { inMemory ? .memory : storage }

    /// The storage in effect, for the start-up line: `SQLite in ./.galleryrp`, `PostgreSQL at user@host:5432/db`, `in-memory storage`.
    public var storageDescription: String {
        switch effectiveStorage {
        case .sqlite: return "SQLite in \(dataDirectory)"
        case .memory: return "in-memory storage"
        case .postgres: return "PostgreSQL at \(postgresURL.flatMap { try? PostgresTarget(url: $0) }.map(\.description) ?? "?")"
        }
    }
}

/// Whether requests are throttled as ARM throttles them.
public enum ThrottlingMode: String, Sendable, CaseIterable {
    case off, arm
}

/// The storage backends.
public enum StorageBackend: String, Sendable, CaseIterable {
    case sqlite, memory, postgres
}
