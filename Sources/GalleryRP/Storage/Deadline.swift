import NIOConcurrencyHelpers

/// Runs `body`, giving up after `timeout` with ``StoreError/unavailable(_:)`` without waiting for it: the body is
/// cancelled and left to finish on its own, so a database client that does not notice cancellation (a connection
/// attempt to a server that is restarting) can never hold a request, or a shutdown, past the deadline. Cancelling the
/// caller ends the wait at once too.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let pending = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
    let take = { @Sendable in
        pending.withLockedValue { value -> CheckedContinuation<T, any Error>? in
            defer { value = nil }
            return value
        }
    }
    let work = Task { try await body() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            pending.withLockedValue { $0 = continuation }
            let timer = Task {
                try await Task.sleep(for: timeout)
                guard let continuation = take() else { return }
                work.cancel()
                continuation.resume(throwing: StoreError.unavailable("the database did not answer within \(timeout)"))
            }
            Task {
                let result = await work.result
                timer.cancel()
                take()?.resume(with: result)
            }
            if Task.isCancelled {
                work.cancel()
                take()?.resume(throwing: CancellationError())
            }
        }
    } onCancel: {
        work.cancel()
        take()?.resume(throwing: CancellationError())
    }
}
