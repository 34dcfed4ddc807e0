import Foundation
import GRDB
import NIOConcurrencyHelpers

/// Group commit: batches submitted while a commit is on its way to disk wait, then all commit together in one SQLite
/// transaction, so one fsync acknowledges them all. Each batch runs in its own savepoint, so one batch's refusal
/// (a failed expectation, a unique-key clash) rolls back only that batch. Nothing is acknowledged before the
/// transaction holding it is durable.
final class GroupCommitter<Batch: Sendable, Effect: Sendable>: Sendable {
    typealias Apply = @Sendable (Database, Batch) throws -> Effect
    typealias Committed = @Sendable ([(Batch, Effect)]) -> Void

    private struct Waiter {
        let batch: Batch
        let queued: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let apply: Apply
    private let committed: Committed
    private let maxGroup: Int
    private let maxQueueTime: Duration
    private let state = NIOLockedValueBox(State())

    /// `apply` writes one batch and says what it did; `committed` sees the applied batches of each durable transaction, in
    /// order, before their writers resume. A batch that waited longer than `maxQueueTime` for its turn (the database is
    /// stuck) is refused unapplied with ``StoreError/unavailable(_:)``.
    init(pool: DatabasePool, maxGroup: Int = 512, maxQueueTime: Duration = .seconds(2), apply: @escaping Apply, committed: @escaping Committed) {
        self.pool = pool
        self.maxGroup = maxGroup
        self.maxQueueTime = maxQueueTime
        self.apply = apply
        self.committed = committed
    }

    /// Returns once `batch` is durable, or throws what refused it.
    func commit(_ batch: Batch) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLockedValue { state in
                state.waiting.append(Waiter(batch: batch, queued: .now, continuation: continuation))
                defer { state.draining = true }
                return !state.draining
            }
            if startDrain { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = state.withLockedValue { state -> [Waiter] in
                let group = Array(state.waiting.prefix(maxGroup))
                state.waiting.removeFirst(group.count)
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            let now = ContinuousClock.now
            let stale = group.filter { now - $0.queued > maxQueueTime }
            for waiter in stale { waiter.continuation.resume(throwing: StoreError.unavailable("the database did not take the write in time")) }
            await commitGroup(stale.isEmpty ? group : group.filter { now - $0.queued <= maxQueueTime })
        }
    }

    private func commitGroup(_ group: [Waiter]) async {
        guard !group.isEmpty else { return }
        let batches = group.map(\.batch)
        let results: [Result<Effect, any Error>]
        do {
            results = try await pool.write { [apply] db in
                batches.map { batch in
                    Result {
                        var effect: Effect?
                        try db.inSavepoint {
                            effect = try apply(db, batch)
                            return .commit
                        }
                        return effect!
                    }
                }
            }
        } catch {
            let failure = StoreError.unavailable("SQLite: \(error)")
            for waiter in group { waiter.continuation.resume(throwing: failure) }
            return
        }
        committed(zip(batches, results).compactMap { batch, result in (try? result.get()).map { (batch, $0) } })
        for (waiter, result) in zip(group, results) { waiter.continuation.resume(with: result.map { _ in }) }
    }
}
