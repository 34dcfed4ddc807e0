import Foundation
import NIOConcurrencyHelpers

/// ARM's request throttling (`--throttling arm`): token buckets per subscription, per principal and per kind of
/// operation, refilled every second, under a global bucket per subscription fifteen times as large that all principals
/// share. Sizes and refill rates are ARM's (Microsoft's "Understand how Azure Resource Manager throttles requests").
public final class ARMThrottler: Sendable {
    /// The kinds ARM counts apart: GET and HEAD read, DELETE deletes, everything else writes.
    public enum Operation: String, Sendable, CaseIterable {
        case read, write, delete

        init(method: String) {
            switch method {
            case "GET", "HEAD": self = .read
            case "DELETE": self = .delete
            default: self = .write
            }
        }

        /// Bucket size and tokens added per second.
        var bucket: (size: Double, refill: Double) {
            switch self {
            case .read: (250, 25)
            case .write: (200, 10)
            case .delete: (200, 10)
            }
        }

        /// The suffix of its `x-ms-ratelimit-remaining-subscription-…` headers.
        var headerSuffix: String { rawValue + "s" }
    }

    /// Multiple of a principal's bucket that the subscription-wide bucket holds.
    static let globalFactor = 15.0

    /// The answer for one request: allowed with the tokens left, or refused until `retryAfter` seconds have passed.
    public enum Decision: Sendable, Equatable {
        case allowed(remaining: Int, globalRemaining: Int)
        case throttled(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date

        mutating func refill(now: Date, size: Double, rate: Double) {
            tokens = min(size, tokens + max(0, now.timeIntervalSince(updated)) * rate)
            updated = now
        }
    }

    private struct Key: Hashable {
        var subscription: String
        var principal: String?
        var operation: Operation
    }

    private let buckets = NIOLockedValueBox([Key: Bucket]())
    private let clock: any WallClock

    public init(clock: any WallClock) {
        self.clock = clock
    }

    /// Takes one token from the principal's bucket and one from the subscription's, or neither when either is empty.
    public func take(_ operation: Operation, subscription: String, principal: String) -> Decision {
        let now = clock.now()
        let (size, rate) = operation.bucket
        let globalSize = size * Self.globalFactor
        return buckets.withLockedValue { buckets in
            let own = Key(subscription: subscription.lowercased(), principal: principal, operation: operation)
            let global = Key(subscription: own.subscription, principal: nil, operation: operation)
            var mine = buckets[own] ?? Bucket(tokens: size, updated: now)
            var shared = buckets[global] ?? Bucket(tokens: globalSize, updated: now)
            mine.refill(now: now, size: size, rate: rate)
            shared.refill(now: now, size: globalSize, rate: rate * Self.globalFactor)
            defer { (buckets[own], buckets[global]) = (mine, shared) }
            guard mine.tokens >= 1, shared.tokens >= 1 else {
                let wait = max((1 - mine.tokens) / rate, (1 - shared.tokens) / (rate * Self.globalFactor))
                return .throttled(retryAfter: max(1, Int(wait.rounded(.up))))
            }
            mine.tokens -= 1
            shared.tokens -= 1
            return .allowed(remaining: Int(mine.tokens), globalRemaining: Int(shared.tokens))
        }
    }
}
