import Foundation
import GRDB
import HTTPTypes
import Logging
import PostgresNIO
import Testing

@testable import GalleryRP

/// The write path's contract on every backend, driven through the service as clients drive it: concurrent PATCHes
/// keep every acknowledged change, a parent's DELETE and a child's PUT (image into gallery, version into image) are
/// never both acknowledged, a gallery with images refuses DELETE, and a storage outage answers 503 within 5 s.
@Suite struct ConcurrentWriteTests {
    typealias Backend = ResourceStoreContractTests.Backend
    typealias C = ARMTestClient

    /// Four PATCHes of one image at once, each setting a different property: all acknowledged, all kept.
    @Test(arguments: Backend.allCases)
    func concurrentPatchesOfDifferentPropertiesKeepEveryChange(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody()))
            let url = "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03"
            for round in 0..<10 {
                let patches = [
                    #"{"properties":{"description":"d\#(round)"}}"#, #"{"properties":{"releaseNoteUri":"https://example.com/\#(round)"}}"#,
                    #"{"properties":{"recommended":{"vCPUs":{"max":\#(round + 10)}}}}"#,
                    #"{"properties":{"recommended":{"memory":{"max":\#(round + 100)}}}}"#,
                ]
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for patch in patches { group.addTask { try await c.send(.patch, url, body: patch).status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == .ok }, "round \(round): \(statuses)")
                let image = try await c.getImage("rg", "gallery", "img")
                #expect(image.string("properties.description") == "d\(round)", "round \(round)")
                #expect(image.string("properties.releaseNoteUri") == "https://example.com/\(round)", "round \(round)")
                #expect(image.value("properties.recommended.vCPUs.max") == .number(Double(round + 10)), "round \(round)")
                #expect(image.value("properties.recommended.memory.max") == .number(Double(round + 100)), "round \(round)")
            }
        }
    }

    /// A gallery's DELETE racing a PUT of an image into it, 20 times.
    @Test(arguments: Backend.allCases)
    func aGalleryDeleteRacingAnImagePutNeverAcknowledgesBoth(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await c.putGroup("rg")
            var outcomes: [String: Int] = [:]
            for round in 0..<20 {
                try await c.waitFor(try await c.putGallery("rg", "g\(round)"))
                let (parent, child) = (C.gallery("rg", "g\(round)"), C.image("rg", "g\(round)", "img"))
                try await Self.race(c, round: round, parent: parent, child: child, body: C.imageBody(sku: "s\(round)"), outcomes: &outcomes)
            }
            print("\(backend): gallery DELETE / image PUT \(outcomes)")
        }
    }

    /// An image definition's DELETE racing a PUT of a version into it, 20 times.
    @Test(arguments: Backend.allCases)
    func anImageDeleteRacingAVersionPutNeverAcknowledgesBoth(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await c.makeGallery()
            var outcomes: [String: Int] = [:]
            for round in 0..<20 {
                try await c.waitFor(try await c.putImage("rg", "gallery", "img\(round)", body: C.imageBody(sku: "s\(round)")))
                let (parent, child) = (C.image("rg", "gallery", "img\(round)"), C.version("rg", "gallery", "img\(round)", "1.0.\(round)"))
                try await Self.race(c, round: round, parent: parent, child: child, body: C.versionBody(), outcomes: &outcomes)
            }
            print("\(backend): image DELETE / version PUT \(outcomes)")
        }
    }

    /// A parent's DELETE and a PUT of a child into it, sent at once: exactly one is acknowledged, and it holds afterwards
    /// (the parent is gone, or the child is there and the DELETE was refused with `CannotDeleteResource`).
    private static func race(_ c: C, round: Int, parent: String, child: String, body: String, outcomes: inout [String: Int]) async throws {
        let api = "?api-version=2023-07-03"
        async let put = c.send(.put, child + api, body: body)
        async let delete = c.send(.delete, parent + api)
        let (created, deletion) = try await (put, delete)
        let childAcknowledged = created.status == .created
        let deleteAcknowledged = deletion.status == .accepted
        outcomes["PUT \(created.status.code) / DELETE \(deletion.status.code)", default: 0] += 1
        #expect(!(childAcknowledged && deleteAcknowledged), "round \(round): both acknowledged")
        #expect(childAcknowledged || deleteAcknowledged, "round \(round): \(created.raw) \(deletion.raw)")
        if deleteAcknowledged {
            try await c.waitFor(deletion)
            #expect(try await c.send(.get, parent + api).status == .notFound, "round \(round)")
        } else {
            #expect(deletion.errorCode == "CannotDeleteResource", "round \(round): \(deletion.raw)")
            #expect(try await c.send(.get, child + api).status == .ok, "round \(round): the acknowledged child is kept")
        }
    }

    @Test(arguments: Backend.allCases)
    func aGalleryWithImagesRefusesDelete(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img"))
            let refused = try await c.send(.delete, "\(C.gallery("rg", "gallery"))?api-version=2021-10-01")
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "CannotDeleteResource")
            #expect(refused.errorMessage?.contains("'Microsoft.Compute/galleries/gallery/images/img'") == true)
            try await c.waitFor(try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2021-10-01"))
            let accepted = try await c.send(.delete, "\(C.gallery("rg", "gallery"))?api-version=2021-10-01")
            #expect(accepted.status == .accepted)
            try await c.waitFor(accepted)
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2021-10-01").errorCode == "ResourceNotFound")
        }
    }

    /// Versions on every backend: created, listed page by page, keeping their image definition from DELETE until the
    /// last is gone.
    @Test(arguments: Backend.allCases)
    func versionsAreListedPagedAndHoldTheirImage(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await c.makeImage()
            for name in ["1.0.0", "1.0.1", "1.0.2"] { try await c.waitFor(try await c.putVersion(name)) }
            var names: [String] = []
            var next: String? = "\(C.image("rg", "gallery", "img"))/versions?api-version=2023-07-03&$top=2"
            while let url = next {
                let page = try await c.send(.get, url)
                let count = try #require(page.count("value"), "\(page.raw)")
                names += (0..<count).compactMap { page.string("value.\($0).name") }
                next = page.string("nextLink").map(C.pathAndQuery)
            }
            #expect(names.sorted() == ["1.0.0", "1.0.1", "1.0.2"])
            let imageURL = "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03"
            #expect(try await c.send(.delete, imageURL).errorCode == "CannotDeleteResource")
            for name in names {
                try await c.waitFor(try await c.send(.delete, "\(C.version("rg", "gallery", "img", name))?api-version=2023-07-03"))
            }
            let accepted = try await c.send(.delete, imageURL)
            #expect(accepted.status == .accepted)
            try await c.waitFor(accepted)
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
        }
    }

    /// The database stops answering (another process holds SQLite's write lock; a PostgreSQL table lock): writes get
    /// 503 `ServiceUnavailable` with `Retry-After` within 5 s, never a 500 or silence, and work again afterwards.
    @Test(arguments: Backend.allCases.filter { $0 != .memory })
    func aStorageOutageAnswers503Within5Seconds(backend: Backend) async throws {
        let (store, location) = try await ResourceStoreContractTests.makeTestStore(backend)
        try await withService(store: store) { c in
            try await c.makeGallery()
            let outage = try await StorageOutage.begin(backend, location: location)
            let started = ContinuousClock.now
            let reply = try await c.putImage("rg", "gallery", "during", body: C.imageBody(sku: "during"))
            let elapsed = ContinuousClock.now - started
            try await outage.end()
            print("\(backend): outage answered \(reply.status.code) \(reply.errorCode ?? "") in \(elapsed)")
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.errorCode == "ServiceUnavailable")
            #expect(reply.header("Retry-After") == "1")
            #expect(elapsed < .seconds(5))
            #expect(try await c.putImage("rg", "gallery", "after", body: C.imageBody(sku: "after")).status == .created)
        }
    }
}

/// Makes a store's database stop answering writes, as an outage would, and ends it.
struct StorageOutage: Sendable {
    let end: @Sendable () async throws -> Void

    static func begin(_ backend: ResourceStoreContractTests.Backend, location: String) async throws -> StorageOutage {
        switch backend {
        case .memory:
            return StorageOutage {}
        case .sqlite:
            // A second connection, bypassing the service's lock file, takes SQLite's write lock.
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true  // the lock outlives the access that took it
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            try queue.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
            return StorageOutage { try queue.inDatabase { db in try db.execute(sql: "ROLLBACK") } }
        case .postgres:
            let url = try #require(ResourceStoreContractTests.postgresURL)
            let logger = Logger(label: "galleryrp.tests.outage")
            var configuration = try PostgresResourceStore.configuration(url: url, maxConnections: 1)
            configuration.options.additionalStartupParameters = [("search_path", location)]
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let running = Task { await client.run() }
            let locked = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("LOCK TABLE resources IN ACCESS EXCLUSIVE MODE", logger: logger)
                    locked.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in locked.stream { break }
            return StorageOutage {
                release.continuation.yield()
                try await holder.value
                running.cancel()
            }
        }
    }
}
