import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import GalleryRP

/// The background worker that finishes due operations.
@Suite struct OperationWorkerTests {
    /// More operations are due than one sweep takes: the worker sweeps again at once rather than one sweep per tick.
    @Test func aBacklogDrainsWithoutWaitingATickPerSweep() async throws {
        let store = MemoryResourceStore()
        try await store.commit(ResourceStoreContractTests.insert(ResourceStoreContractTests.record("/g")))
        let count = OperationRunner.sweepLimit * 3 + 7
        for i in 0..<count {
            var image = ResourceStoreContractTests.record("/g/images/i\(i)", parent: "/g", type: .galleryImage)
            image.provisioningState = .creating
            image.operationID = "op\(i)"
            var operation = ResourceStoreContractTests.operation("op\(i)", due: Date().addingTimeInterval(-1), resource: image.key)
            operation.resourceType = .galleryImage
            try await store.commit(ResourceStoreContractTests.insert([image], operations: [operation]))
        }
        // A tick far longer than the test: only back-to-back sweeps can finish everything in time.
        let worker = OperationWorker(
            runner: OperationRunner(store: store, clock: SystemWallClock()),
            logger: Logger(label: "test"),
            interval: .seconds(60)
        )
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            while await store.dueOperations(now: Date(), limit: 1).count > 0 {
                #expect(ContinuousClock.now - started < .seconds(10), "the backlog must drain without a tick per sweep")
                if ContinuousClock.now - started > .seconds(10) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        for i in [0, count / 2, count - 1] {
            #expect(try await store.resource(key: "/g/images/i\(i)")?.provisioningState == .succeeded)
            #expect(await store.operation(id: "op\(i)")?.status == .succeeded)
        }
    }
}
