import Foundation
import HTTPTypes
import Hummingbird

/// `GET /_galleryrp/health` (the node, its storage and operation worker, and warnings about how it is exposed) and
/// `GET /metrics` (Prometheus text format).
struct HealthController {
    let service: ServiceContext
    let control: ControlPlane
    /// The listeners' description for the health document (`https://127.0.0.1:8443`).
    let exposure: Exposure

    /// How the node is reachable, for the warnings.
    struct Exposure: Sendable {
        var host: String
        var authMode: AuthMode
        var adminToken: Bool

        var isLoopback: Bool { host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.") }

        /// What the start-up banner and the health document warn about.
        var warnings: [String] {
            guard !isLoopback else { return [] }
            var warnings: [String] = []
            if authMode == .permissive {
                warnings.append(
                    "Listening on \(host) in permissive mode: any bearer token is accepted, from anyone who can reach the port. Use --auth-mode strict to check tokens."
                )
            }
            if !adminToken {
                warnings.append(
                    "The control plane (/_galleryrp, /metrics) answers only callers on this machine; set --admin-token to reach it remotely."
                )
            }
            return warnings
        }
    }

    /// `health` under the control plane's group, `metrics` under the group at `/metrics`.
    func register(control group: RouterGroup<ARMRequestContext>, metrics: RouterGroup<ARMRequestContext>) {
        group.get("health", use: health)
        metrics.get(use: self.metrics)
    }

    @Sendable func health(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let configuration = service.configuration
        let started = ContinuousClock.now
        var storage: [(String, JSONValue)] = [
            ("backend", .string(configuration.effectiveStorage.rawValue)), ("description", .string(configuration.storageDescription)),
        ]
        var inProgress: Int?
        do {
            inProgress = try await service.store.inProgressOperationCount(now: service.configuration.clock.now())
            let elapsed = ContinuousClock.now - started
            storage += [("reachable", .bool(true)), ("latencyMs", .number((Double(elapsed.nanoseconds) / 1000).rounded() / 1000))]
        } catch {
            storage += [("reachable", .bool(false)), ("error", .string("\(error)"))]
        }
        let worker = control.worker.snapshot
        let now = Date()
        let body: JSONValue = .object([
            ("status", .string(inProgress == nil ? "Unhealthy" : "Healthy")),
            ("version", .string(GalleryRPServer.version)),
            ("startedAt", .string(Timestamp.dotNet(control.startedAt))),
            ("uptimeSeconds", .number(now.timeIntervalSince(control.startedAt).rounded())),
            ("auth", .string(configuration.authMode.rawValue)),
            ("host", .string(exposure.host)),
            ("warnings", .array(exposure.warnings.map(JSONValue.string))),
            ("storage", .object(storage)),
            (
                "worker",
                .object([
                    ("lastSweep", worker.lastSweep.map { .string(Timestamp.dotNet($0)) }),
                    ("secondsSinceLastSweep", worker.lastSweep.map { .number((now.timeIntervalSince($0) * 1000).rounded() / 1000) }),
                    ("lastError", worker.lastError.map(JSONValue.string)),
                    ("operationsFinished", .number(Double(worker.operationsFinished))),
                    ("operationsInProgress", inProgress.map { .number(Double($0)) }),
                ])
            ),
            (
                "controlPlane",
                .object([
                    ("faultRules", .number(Double(control.faults.all.count))),
                    ("journalSize", .number(Double(control.journal.capacity))),
                    ("journalBodies", .bool(control.journal.keepsBodies)),
                    ("throttling", .string(configuration.throttling.rawValue)),
                ])
            ),
        ])
        return .json(body, status: inProgress == nil ? .serviceUnavailable : .ok)
    }

    /// `GET /metrics`: counts operations in flight first, so the gauge is current.
    @Sendable func metrics(_ request: Request, context: ARMRequestContext) async throws -> Response {
        if let count = try? await service.store.inProgressOperationCount(now: service.configuration.clock.now()) {
            control.metrics.operationsInFlight(count)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: control.metrics.text()))
        )
    }
}
