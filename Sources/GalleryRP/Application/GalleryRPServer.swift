import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Assembles the service: storage, router, listeners and the operation worker.
public enum GalleryRPServer {
    /// The service's version, for the health document.
    public static let version = "0.5.0"

    /// The store the configuration asks for, plus the PostgreSQL client to run as a service when there is one.
    public static func makeStore(
        _ configuration: ServiceConfiguration,
        logger: Logger,
        metrics: ServiceMetrics? = nil
    ) throws -> (any ResourceStore, PostgresClient?) {
        switch configuration.effectiveStorage {
        case .memory:
            return (MemoryResourceStore(), nil)
        case .sqlite:
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            let path = "\(configuration.dataDirectory)/galleryrp.sqlite"
            let observer: (@Sendable (Int) -> Void)? = metrics.map { metrics in { @Sendable size in metrics.groupCommit(size: size) } }
            return (try SQLiteResourceStore(path: path, groupCommitted: observer), nil)
        case .postgres:
            guard let url = configuration.postgresURL else {
                throw StoreConfigurationError("--storage postgres needs --postgres-url (or GALLERYRP_POSTGRES_URL)")
            }
            let client = PostgresClient(
                configuration: try PostgresResourceStore.configuration(url: url, maxConnections: configuration.postgresMaxConnections),
                backgroundLogger: logger
            )
            let observer: (@Sendable (Int) -> Void)? = metrics.map { metrics in { @Sendable count in metrics.roundTrips(count) } }
            return (PostgresResourceStore(client: client, logger: logger, roundTrips: observer), client)
        }
    }

    /// Runs `body` with a running PostgreSQL client (for one-shot commands such as `migrate`).
    public static func withPostgres<T: Sendable>(url: String, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T
    {
        let client = PostgresClient(configuration: try PostgresResourceStore.configuration(url: url, maxConnections: 2), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// The directory and token service the configuration asks for.
    public static func makeAccessControl(_ configuration: ServiceConfiguration) async throws -> AccessControl {
        let directory = try configuration.directoryPath.map { try Directory.load(path: $0) } ?? .default
        let base = configuration.directoryPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        let tokens = try await TokenService.load(dataDirectory: configuration.dataDirectory, directory: directory, directoryFileBase: base)
        return AccessControl(mode: configuration.authMode, directory: directory, tokens: tokens)
    }

    /// The router: the fixed endpoints in its trie, then the middleware pipeline, ending in ``ARMRoutes``. `store` should be
    /// the control plane's instrumented one (``instrument(_:control:)``).
    public static func buildRouter(
        store: any ResourceStore,
        configuration: ServiceConfiguration,
        access: AccessControl,
        control: ControlPlane,
        scheme: String
    ) -> Router<ARMRequestContext> {
        let service = ServiceContext(store: store, configuration: configuration, scheme: scheme)
        let router = Router(context: ARMRequestContext.self, options: .caseInsensitive)
        // 1. Request ids (also in log metadata), ARM's response headers, and every error rendered as ARM's error body.
        router.add(middleware: ARMHeadersMiddleware(throttling: control.throttler != nil))
        // 2. Metrics for every request, the journal for ARM's; the path parsed once for the whole pipeline.
        router.add(middleware: ObservationMiddleware(control: control))
        // 3. Anonymous routes: health, the console's page, the identity endpoints clients log in with; the control plane
        //    behind its own access rule.
        router.get("/healthz") { _, _ in Response.json(.object([("status", .string("Healthy"))])) }
        let exposure = HealthController.Exposure(
            host: configuration.host,
            authMode: configuration.authMode,
            adminToken: configuration.adminToken != nil
        )
        let admin = AdminAccessMiddleware(token: configuration.adminToken, mode: configuration.authMode)
        let controlGroup = router.group("/_galleryrp").add(middleware: admin)
        ConsoleController(service: service).register(page: router, on: controlGroup)
        AdminController(service: service, control: control).register(on: controlGroup)
        HealthController(service: service, control: control, exposure: exposure).register(
            control: controlGroup,
            metrics: router.group("/metrics").add(middleware: admin)
        )
        IdentityController(access: access, scheme: scheme).register(on: router)
        // 4. Authentication: a bearer token on everything else (verified in strict mode).
        router.add(middleware: AuthenticationMiddleware(access: access))
        // 5. The ARM request: its target, subscription id and api-version.
        router.add(middleware: ARMRequestMiddleware(acceptAnyAPIVersion: configuration.acceptAnyAPIVersion))
        // 6. Authorization (strict mode): the target's RBAC action at its scope.
        router.add(middleware: AuthorizationMiddleware(access: access))
        // 7. ARM's throttling (`--throttling arm`), then the fault rules.
        if let throttler = control.throttler { router.add(middleware: ThrottlingMiddleware(throttler: throttler, metrics: control.metrics)) }
        router.add(middleware: FaultMiddleware(control: control))
        // 8. ARM's endpoints and every declared resource type, routed by the parsed resource id (not by the trie, which
        //    sends every path it does not hold through this pipeline).
        router.add(middleware: ARMRoutes(service: service, access: access))
        return router
    }

    /// The store as the service uses it: commits timed into the control plane's metrics.
    public static func instrument(_ store: any ResourceStore, control: ControlPlane) -> any ResourceStore {
        InstrumentedStore(base: store, metrics: control.metrics)
    }

    /// A single-listener application over plain HTTP (tests use it with Hummingbird's test client).
    public static func buildApplication(
        store: any ResourceStore,
        configuration: ServiceConfiguration,
        access: AccessControl,
        control: ControlPlane? = nil,
        logger: Logger? = nil
    )
        -> some ApplicationProtocol
    {
        let logger = logger ?? Logger(label: "galleryrp")
        let control = control ?? ControlPlane(configuration: configuration)
        let store = instrument(store, control: control)
        return Application(
            responder: GalleryRPResponder(
                router: buildRouter(store: store, configuration: configuration, access: access, control: control, scheme: "http")
            ),
            configuration: .init(address: .hostname(configuration.host, port: configuration.httpPort ?? 0)),
            services: [
                OperationWorker(runner: OperationRunner(store: store, clock: configuration.clock), logger: logger, status: control.worker)
            ],
            logger: logger
        )
    }

    /// Runs the service until SIGTERM or SIGINT, then stops within `--shutdown-timeout` seconds.
    public static func run(configuration: ServiceConfiguration) async throws {
        var logger = Logger(label: "galleryrp")
        logger.logLevel = configuration.logLevel
        let control = ControlPlane(configuration: configuration)
        let (baseStore, postgres) = try makeStore(configuration, logger: logger, metrics: control.metrics)
        let store = instrument(baseStore, control: control)
        let access = try await makeAccessControl(configuration)
        let tls: TLSConfiguration
        let caPath: String?
        if let certificatePath = configuration.certificatePath, let keyPath = configuration.keyPath {
            tls = try CertificateAuthority.tlsConfiguration(
                chainPEM: String(contentsOfFile: certificatePath, encoding: .utf8),
                keyPEM: String(contentsOfFile: keyPath, encoding: .utf8)
            )
            caPath = nil
        } else {
            let authority = try CertificateAuthority.loadOrCreate(directory: configuration.dataDirectory, hostNames: configuration.hostNames)
            tls = try authority.tlsConfiguration()
            caPath = URL(fileURLWithPath: authority.caPath).standardizedFileURL.path
        }
        let displayHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        var services: [any Service] = []
        if let postgres { services.append(postgres) }
        var https = Application(
            responder: GalleryRPResponder(
                router: buildRouter(store: store, configuration: configuration, access: access, control: control, scheme: "https")
            ),
            server: try .tls(http1(configuration), tlsConfiguration: tls),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                announce(
                    "GalleryRP serving ARM on https://\(displayHost):\(port) (\(configuration.storageDescription), \(configuration.authMode.rawValue) auth)"
                )
                if let caPath {
                    announce("CA certificate: \(caPath)")
                    announce("Trust it with: export REQUESTS_CA_BUNDLE=\(caPath)")
                }
            },
            logger: logger
        )
        if let postgres {
            let migrate = configuration.migrateOnStart
            let logger = logger
            https.beforeServerStarts {
                if migrate {
                    let applied = try await PostgresMigrations.apply(postgres, logger: logger)
                    announce("PostgreSQL migrations applied: \(applied.isEmpty ? "none needed" : applied.map(String.init).joined(separator: ", "))")
                } else {
                    try await PostgresMigrations.check(postgres, logger: logger)
                }
            }
        }
        if let seedPath = configuration.seedPath {
            https.beforeServerStarts { try await seed(store, from: seedPath) }
        }
        let warnings = HealthController.Exposure(
            host: configuration.host,
            authMode: configuration.authMode,
            adminToken: configuration.adminToken != nil
        )
        .warnings
        for warning in warnings { announce("WARNING: \(warning)") }
        services.append(https)
        if let httpPort = configuration.httpPort {
            let http = Application(
                responder: GalleryRPResponder(
                    router: buildRouter(store: store, configuration: configuration, access: access, control: control, scheme: "http")
                ),
                server: http1(configuration),
                configuration: .init(address: .hostname(configuration.host, port: httpPort)),
                onServerRunning: { channel in
                    announce("GalleryRP serving plain HTTP on http://\(displayHost):\(channel.localAddress?.port ?? httpPort)")
                },
                logger: logger
            )
            services.append(http)
        }
        services.append(OperationWorker(runner: OperationRunner(store: store, clock: configuration.clock), logger: logger, status: control.worker))
        services.append(ShutdownDeadline(timeout: .seconds(configuration.shutdownTimeout), logger: logger))
        // Started together, stopped in reverse: the deadline and the worker first, then the listeners (which stop
        // accepting and answer what is in flight; no store call outlives its deadline), the database client last.
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.shutdownTimeout)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }

    /// Loads a state document (`--seed`) into a store that holds nothing yet; a store with resources is left as it is.
    static func seed(_ store: any ResourceStore, from path: String) async throws {
        guard try await store.subscriptionKeys().isEmpty else {
            announce("Seed \(path) not loaded: the store already holds resources.")
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StoreConfigurationError("cannot read the seed document \(path): \(error.localizedDescription)")
        }
        do {
            let document = try StateDocument.read(data, firstVersion: ResourceRecord.firstVersion(at: Date()))
            _ = try await StateDocument.load(document, into: store)
            announce("Seed \(path) loaded: \(document.snapshot.resources.count) resources, \(document.snapshot.operations.count) operations.")
        } catch let error as ARMError {
            throw StoreConfigurationError("the seed document \(path) cannot be loaded: \(error.message)")
        }
    }

    /// HTTP/1.1 with the slow-request guard and header limits (16 KB per field, 64 KB in all, 100 fields).
    static func http1(_ configuration: ServiceConfiguration) -> HTTPServerBuilder {
        let head = TimeAmount.milliseconds(Int64(configuration.requestTimeout * 1000))
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestTimeoutHandler(headTimeout: head, bodyTimeout: head * 2)],
                idleTimeout: nil,
                httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100)
            )
        )
    }

    /// Writes a start-up line to standard output at once (no buffering, so pipes and log files see it).
    static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
