import CoreMetrics
import Foundation
import Prometheus

/// The node's metrics, recorded through swift-metrics into a Prometheus registry of its own (so several services in
/// one process, as in the tests, keep theirs apart) and served at `/metrics` in Prometheus' text format.
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let milliseconds: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { .milliseconds($0) }
        factory.defaultDurationHistogramBuckets = milliseconds
        factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256]
        self.factory = factory
    }

    /// One answered request: counted by resource type, method and status, and its latency by type and method.
    func request(type: String, method: String, status: Int, duration: Duration) {
        Counter(
            label: "galleryrp_requests_total",
            dimensions: [("type", type), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "galleryrp_request_duration_seconds", dimensions: [("type", type), ("method", method)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// One store commit (a write batch, or a replacement of the state) and how long it took.
    func commit(duration: Duration) {
        Timer(label: "galleryrp_store_commit_duration_seconds", factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// How many batches one SQLite transaction committed together.
    func groupCommit(size: Int) {
        Recorder(label: "galleryrp_store_group_commit_size", factory: factory).record(size)
    }

    /// Round trips to PostgreSQL (statements sent and answered; a transaction's BEGIN and COMMIT count).
    func roundTrips(_ count: Int) {
        Counter(label: "galleryrp_store_round_trips_total", factory: factory).increment(by: count)
    }

    /// Long-running operations not yet finished, as the store counts them when metrics are read.
    func operationsInFlight(_ count: Int) {
        Meter(label: "galleryrp_operations_in_flight", factory: factory).set(count)
    }

    /// Requests a fault rule answered or delayed, by effect.
    func fault(_ effect: String) {
        Counter(label: "galleryrp_faults_applied_total", dimensions: [("effect", effect)], factory: factory).increment()
    }

    /// Requests the throttling emulation refused.
    func throttled(_ operation: String) {
        Counter(label: "galleryrp_throttled_requests_total", dimensions: [("operation", operation)], factory: factory).increment()
    }

    /// The registry in Prometheus' text format.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
