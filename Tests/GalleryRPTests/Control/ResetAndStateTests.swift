import Foundation
import HTTPTypes
import Testing

@testable import GalleryRP

/// `POST /_galleryrp/reset` and `GET`/`PUT /_galleryrp/state` on every backend: a reset empties (one subscription
/// or everything) at once, and export, reset, import gives back the same bytes for every resource.
@Suite struct ResetAndStateTests {
    typealias C = ARMTestClient
    typealias Backend = ResourceStoreContractTests.Backend
    static let other = "22222222-3333-4444-5555-666666666666"

    /// A resource group, a gallery, an image and a version, all finished, in the test subscription and in `other`.
    static func populate(_ c: C) async throws {
        try await c.makeImage()
        try await c.waitFor(try await c.putVersion("1.0.0"))
        try await c.send(.put, "/subscriptions/\(other)/resourcegroups/keep?api-version=2024-11-01", body: #"{"location":"westus","tags":{"b":"2"}}"#)
    }

    @Test(arguments: Backend.allCases)
    func resetEmptiesASubscriptionOrEverything(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await Self.populate(c)
            let one = try await c.send(.post, "/_galleryrp/reset?subscription=\(C.subscription)", headers: [:])
            #expect(one.status == .ok, "\(one.raw)")
            #expect(
                one.value("removed") == .object([("resources", .number(4)), ("operations", .number(3))]),
                "the resource group's PUT has no operation"
            )
            #expect(try await c.send(.get, "\(C.group("rg"))?api-version=2024-11-01").errorCode == "ResourceGroupNotFound")
            #expect(try await c.send(.get, "/subscriptions/\(Self.other)/resourcegroups/keep?api-version=2024-11-01").status == .ok)
            // The same names can be created again at once, as in the next test of a suite.
            try await c.makeImage()
            let all = try await c.send(.post, "/_galleryrp/reset", headers: [:])
            #expect(all.value("removed.resources") == .number(4))
            #expect(try await c.send(.get, "/subscriptions/\(Self.other)/resourcegroups/keep?api-version=2024-11-01").status == .notFound)
            let bad = try await c.send(.post, "/_galleryrp/reset?subscription=not-a-guid", headers: [:])
            #expect(bad.status == .badRequest && bad.errorCode == "InvalidSubscriptionId", "\(bad.raw)")
        }
    }

    @Test(arguments: Backend.allCases)
    func exportResetImportGivesBackTheSameBytes(backend: Backend) async throws {
        let store = try await ResourceStoreContractTests.makeStore(backend)
        try await withService(store: store) { c in
            try await Self.populate(c)
            let paths = [
                "\(C.group("rg"))?api-version=2024-11-01", "\(C.gallery("rg", "gallery"))?api-version=2023-07-03",
                "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03", "\(C.version("rg", "gallery", "img", "1.0.0"))?api-version=2023-07-03",
                "\(C.image("rg", "gallery", "img"))/versions?api-version=2023-07-03",
                "/subscriptions/\(Self.other)/resourcegroups?api-version=2024-11-01",
            ]
            var before: [String] = []
            for path in paths { before.append(try await c.send(.get, path).raw) }
            let exported = try await c.send(.get, "/_galleryrp/state", headers: [:])
            #expect(exported.string("format") == "galleryrp-state")
            #expect(exported.count("resources") == 5 && exported.count("operations") == 3)
            try await c.send(.post, "/_galleryrp/reset", headers: [:])
            #expect(try await c.send(.get, paths[0]).status == .notFound)
            let imported = try await c.send(.put, "/_galleryrp/state", body: exported.raw, headers: [:])
            #expect(imported.status == .ok, "\(imported.raw)")
            #expect(imported.value("imported") == .object([("resources", .number(5)), ("operations", .number(3))]))
            for (path, bytes) in zip(paths, before) { #expect(try await c.send(.get, path).raw == bytes, "\(path)") }
            // A second export holds the same resources and operations.
            let again = try await c.send(.get, "/_galleryrp/state", headers: [:])
            #expect(again.value("resources") == exported.value("resources"))
            #expect(again.value("operations") == exported.value("operations"))
            // Imported operations still answer their status URLs, and imported images keep their identifiers unique.
            let clash = try await c.putImage("rg", "gallery", "copy")
            #expect(clash.status == .conflict, "\(clash.raw)")
        }
    }

    @Test func aBrokenDocumentChangesNothing() async throws {
        try await withService { c in
            try await Self.populate(c)
            let exported = try await c.send(.get, "/_galleryrp/state", headers: [:])
            let cases: [(String, String)] = [
                ("not json", "InvalidStateDocument"),
                (#"{"format":"other","formatVersion":1,"resources":[],"operations":[]}"#, "InvalidStateDocument"),
                (exported.raw.replacingOccurrences(of: "\"osType\":\"Windows\"", with: "\"osType\":5"), "InvalidStateDocument"),
                (
                    exported.raw.replacingOccurrences(
                        of: "/providers/Microsoft.Compute/galleries/gallery\"",
                        with: "/providers/Microsoft.Compute/vaults/gallery\""
                    ), "InvalidStateDocument"
                ),
                (exported.raw.replacingOccurrences(of: "\"location\":\"westus\"", with: "\"location\":\"moon\""), "InvalidStateDocument"),
            ]
            for (body, code) in cases {
                let refused = try await c.send(.put, "/_galleryrp/state", body: body, headers: [:])
                #expect(refused.status == .badRequest, "\(refused.raw)")
                #expect(refused.errorCode == code, "\(refused.raw)")
            }
            // Parents after their children.
            guard case .array(var resources)? = exported.value("resources") else {
                Issue.record("no resources")
                return
            }
            resources.reverse()
            let reversed = JSONValue.object([
                ("format", .string("galleryrp-state")), ("formatVersion", .number(1)), ("resources", .array(resources)), ("operations", .array([])),
            ])
            let orphaned = try await c.send(.put, "/_galleryrp/state", body: String(decoding: reversed.serialized(), as: UTF8.self), headers: [:])
            #expect(orphaned.errorMessage?.contains("its parent must come before it") == true, "\(orphaned.raw)")
            #expect(try await c.getVersion("1.0.0").status == .ok, "nothing changed")
        }
    }

    /// A resource group deleted and created again with other tags answers the new tags at once (its cached rendering
    /// of the old one is never used again).
    @Test func aRecreatedResourceNeverShowsItsOldSelf() async throws {
        try await withService { c in
            let url = "\(C.group("rg"))?api-version=2024-11-01"
            try await c.send(.put, url, body: #"{"location":"westus","tags":{"old":"1"}}"#)
            #expect(try await c.send(.get, url).value("tags.old") == .string("1"))
            try await c.waitForLocation(try await c.send(.delete, url))
            try await c.send(.put, url, body: #"{"location":"westus","tags":{"new":"2"}}"#)
            let shown = try await c.send(.get, url)
            #expect(shown.value("tags") == .object([("new", .string("2"))]), "\(shown.raw)")
        }
    }
}

extension ARMTestClient {
    /// Polls a resource-group delete's `Location` until it answers 200.
    func waitForLocation(_ reply: Reply) async throws {
        let url = try #require(reply.header("Location"), "\(reply.status) \(reply.raw)")
        for _ in 0..<200 {
            if try await send(.get, Self.pathAndQuery(url)).status == .ok { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the delete did not finish")
    }
}
