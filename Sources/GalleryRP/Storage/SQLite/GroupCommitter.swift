import GRDB
import NIOConcurrencyHelpers

/// Group commit: batches submitted while a commit is on its way to disk wait, then all commit together in one SQLite
/// transaction, so one fsync acknowledges them all. Each batch runs in its own savepoint, so one batch's refusal
/// (a version conflict, a unique-key clash) rolls back only that batch. Nothing is acknowledged before the
/// transaction holding it is durable.
final class GroupCommitter<Batch: Sendable, Effect: Sendable>: Sendable {
    typealias Apply = @Sendable (Database, Batch) throws -> Effect
    typealias Committed = @Sendable ([(Batch, Effect)]) -> Void

    private struct Waiter {
        let batch: Batch
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
    private let state = NIOLockedValueBox(State())

    /// `apply` writes one batch and says what it did; `committed` sees the applied batches of each durable transaction, in
    /// order, before their writers resume.
    init(pool: DatabasePool, maxGroup: Int = 512, apply: @escaping Apply, committed: @escaping Committed) {
        self.pool = pool
        self.maxGroup = maxGroup
        self.apply = apply
        self.committed = committed
    }

    /// Returns once `batch` is durable, or throws what refused it.
    func commit(_ batch: Batch) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLockedValue { state in
                state.waiting.append(Waiter(batch: batch, continuation: continuation))
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
            await commitGroup(group)
        }
    }

    private func commitGroup(_ group: [Waiter]) async {
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
            for waiter in group { waiter.continuation.resume(throwing: error) }
            return
        }
        committed(zip(batches, results).compactMap { batch, result in (try? result.get()).map { (batch, $0) } })
        for (waiter, result) in zip(group, results) { waiter.continuation.resume(with: result.map { _ in }) }
    }
}
