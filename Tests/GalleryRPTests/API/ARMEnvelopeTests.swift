import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import GalleryRP

@Suite struct ARMEnvelopeTests {
    typealias C = ARMTestClient

    @Test func missingAndMalformedAuthorizationAre401() async throws {
        try await withService { c in
            let missing = try await c.send(.get, "\(C.group("rg"))?api-version=2024-11-01", headers: [:])
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "AuthenticationFailed")
            #expect(missing.errorMessage == "Authentication failed. The 'Authorization' header is missing.")
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer authorization_uri=") == true)
            for header in ["Basic abc", "Bearer", "Bearer a b", "Bearer tok\"en"] {
                let malformed = try await c.send(.get, "\(C.group("rg"))?api-version=2024-11-01", headers: [.authorization: header])
                #expect(malformed.status == .unauthorized, "\(header)")
                #expect(malformed.errorMessage == "Authentication failed. The 'Authorization' header is provided in an invalid format.")
            }
            let health = try await c.send(.get, "/healthz", headers: [:])
            #expect(health.status == .ok)
        }
    }

    @Test func armHeadersOnEveryResponse() async throws {
        try await withService { c in
            let ok = try await c.putGroup("rg")
            let requestID = try #require(ok.header("x-ms-request-id"))
            #expect(UUID(uuidString: requestID) != nil)
            #expect(ok.header("x-ms-correlation-request-id") == requestID)
            #expect(ok.header("x-ms-ratelimit-remaining-subscription-writes") != nil)
            #expect(ok.header("x-ms-client-request-id") == nil)
            #expect(ok.header("Content-Type") == "application/json; charset=utf-8")
            let error = try await c.send(
                .get,
                "\(C.group("missing"))?api-version=2024-11-01",
                headers: C.auth.merging([
                    HTTPField.Name("x-ms-correlation-request-id")!: "corr-1", HTTPField.Name("x-ms-client-request-id")!: "client-1",
                    HTTPField.Name("x-ms-return-client-request-id")!: "true",
                ])
            )
            #expect(error.status == .notFound)
            #expect(error.header("x-ms-correlation-request-id") == "corr-1")
            #expect(error.header("x-ms-client-request-id") == "client-1")
            #expect(error.header("x-ms-request-id") != nil)
            #expect(error.header("x-ms-ratelimit-remaining-subscription-reads") != nil)
        }
    }

    @Test func apiVersionRules() async throws {
        try await withService { c in
            try await c.makeGallery()
            let missing = try await c.send(.get, C.gallery("rg", "gallery"))
            #expect(missing.status == .badRequest)
            #expect(missing.errorCode == "MissingApiVersionParameter")
            let unknown = try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2020-01-01")
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "NoRegisteredProviderFound")
            #expect(unknown.errorMessage?.contains("2023-07-03") == true)
            let unknownGroup = try await c.send(.get, "\(C.group("rg"))?api-version=1999-01-01")
            #expect(unknownGroup.errorCode == "InvalidApiVersionParameter")
            for version in APIVersion.compute {
                #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=\(version)").status == .ok, "\(version)")
            }
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?API-VERSION=2023-07-03").status == .ok)
        }
    }

    @Test func anyAPIVersionFlag() async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.acceptAnyAPIVersion = true
        try await withService(configuration: configuration) { c in
            try await c.putGroup("rg", api: "2099-01-01-preview")
            #expect(try await c.send(.get, "\(C.group("rg"))?api-version=2099-01-01").status == .ok)
            #expect(try await c.send(.get, "\(C.group("rg"))?api-version=banana").errorCode == "InvalidApiVersionParameter")
        }
    }

    @Test(arguments: ["not-a-guid", "11111111-2222-3333-4444-55555555555", "zzzzzzzz-2222-3333-4444-555555555555"])
    func malformedSubscriptionIsRejected(subscription: String) async throws {
        try await withService { c in
            let reply = try await c.send(
                .put,
                "/subscriptions/\(subscription)/resourcegroups/rg?api-version=2024-11-01",
                body: #"{"location":"westus"}"#
            )
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidSubscriptionId")
        }
    }

    @Test func subscriptionReadsInPermissiveMode() async throws {
        try await withService { c in
            let list = try await c.send(.get, "/subscriptions?api-version=2022-12-01")
            #expect(list.string("value.0.subscriptionId") == Directory.default.subscriptions[0].id)
            #expect(list.string("value.0.state") == "Enabled")
            let any = try await c.send(.get, "/subscriptions/\(C.subscription)?api-version=2022-12-01")
            #expect(any.status == .ok, "any well-formed subscription works without set-up")
            #expect(any.string("tenantId") == Directory.default.tenants[0].id)
            let locations = try await c.send(.get, "/subscriptions/\(C.subscription)/locations?api-version=2022-12-01")
            let westUS = (0..<(locations.count("value") ?? 0)).first { locations.string("value.\($0).displayName") == "West US" }
            #expect(westUS.map { locations.string("value.\($0).name") } == "westus")
            let compute = try await c.send(.get, "/subscriptions/\(C.subscription)/providers/Microsoft.Compute?api-version=2021-04-01")
            #expect(compute.string("registrationState") == "Registered")
            #expect(compute.string("namespace") == "Microsoft.Compute")
            let registered = try await c.send(.post, "/subscriptions/\(C.subscription)/providers/microsoft.compute/register?api-version=2016-02-01")
            #expect(registered.string("registrationState") == "Registered")
            #expect(try await c.send(.get, "/subscriptions/\(C.subscription)/providers/Microsoft.Nope?api-version=2021-04-01").status == .notFound)
        }
    }

    @Test func unknownPathsAnswerARM404() async throws {
        try await withService { c in
            let reply = try await c.send(.get, "/subscriptions/\(C.subscription)/nothing/here?api-version=2024-11-01")
            #expect(reply.status == .notFound)
            #expect(reply.errorCode != nil)
        }
    }

    @Test func unknownOperationIs404() async throws {
        try await withService { c in
            let reply = try await c.send(
                .get,
                "/subscriptions/\(C.subscription)/providers/Microsoft.Compute/locations/westus/capsOperations/\(UUID().uuidString)?api-version=2023-07-03"
            )
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "OperationNotFound")
        }
    }

    @Test func operationOfAnotherSubscriptionIsHidden() async throws {
        try await withService { c in
            try await c.makeGallery()
            let created = try await c.putImage("rg", "gallery", "img")
            let url = C.pathAndQuery(try #require(created.header("Azure-AsyncOperation")))
            let foreign = url.replacingOccurrences(of: C.subscription, with: "99999999-2222-3333-4444-555555555555")
            #expect(try await c.send(.get, foreign).status == .notFound)
        }
    }

    @Test func operationsTakeTheConfiguredTime() async throws {
        let clock = ManualClock()
        var configuration = ServiceConfiguration.forTests
        configuration.operationDuration = 60
        configuration.clock = clock
        try await withService(configuration: configuration) { c in
            try await c.makeGalleryWithoutWaiting()
            let created = try await c.putImage("rg", "gallery", "img")
            let url = C.pathAndQuery(try #require(created.header("Azure-AsyncOperation")))
            clock.advance(by: 59)
            let status = try await c.send(.get, url)
            #expect(status.string("status") == "InProgress")
            #expect(status.value("endTime") == nil)
            #expect(status.header("Retry-After") == "1")
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Creating")
            clock.advance(by: 1)
            let done = try await c.send(.get, url)
            #expect(done.string("status") == "Succeeded")
            #expect(done.header("Retry-After") == nil)
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Succeeded")
        }
    }

    /// A create is one commit: its resource settles by the clock, with no status poll, no worker and no second write.
    @Test func aCreateSettlesByTheClockInItsOneCommit() async throws {
        let clock = ManualClock()
        var configuration = ServiceConfiguration.forTests
        configuration.operationDuration = 30
        configuration.clock = clock
        try await withService(configuration: configuration) { c in
            try await c.makeGalleryWithoutWaiting()
            clock.advance(by: 30)
            let before = try await Self.commits(c)
            let created = try await c.putImage("rg", "gallery", "img")
            #expect(created.string("properties.provisioningState") == "Creating")
            #expect(try await Self.commits(c) == before + 1)
            let list =
                "/subscriptions/\(C.subscription)/resourceGroups/rg/providers/Microsoft.Compute/galleries/gallery/images?api-version=2023-07-03"
            clock.advance(by: 29.9)
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Creating")
            #expect(try await c.send(.get, list).string("value.0.properties.provisioningState") == "Creating")
            clock.advance(by: 0.1)
            // Due: every reader sees the outcome, before anyone polled the operation.
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Succeeded")
            #expect(try await c.send(.get, list).string("value.0.properties.provisioningState") == "Succeeded")
            let status = try await c.send(.get, C.pathAndQuery(try #require(created.header("Azure-AsyncOperation"))))
            #expect(status.string("status") == "Succeeded")
            #expect(try await Self.commits(c) == before + 1)
        }
    }

    /// A delete due at once (no operation duration) is done in its one commit: the answer is 202 with an operation that
    /// already succeeded, and the resource is gone; with a duration it shows `Deleting` until the worker removes it.
    @Test func aDeleteDueAtOnceIsDoneInItsOneCommit() async throws {
        let clock = ManualClock()
        var configuration = ServiceConfiguration.forTests
        configuration.operationDuration = 0
        configuration.clock = clock
        try await withService(configuration: configuration) { c in
            try await c.makeGalleryWithoutWaiting()
            _ = try await c.putImage("rg", "gallery", "img")
            let before = try await Self.commits(c)
            let deleted = try await c.send(.delete, C.image("rg", "gallery", "img") + "?api-version=2023-07-03")
            #expect(deleted.status == .accepted)
            #expect(try await Self.commits(c) == before + 1)
            #expect(try await c.send(.get, C.image("rg", "gallery", "img") + "?api-version=2023-07-03").status == .notFound)
            let status = try await c.send(.get, C.pathAndQuery(try #require(deleted.header("Azure-AsyncOperation"))))
            #expect(status.string("status") == "Succeeded")
            // The gallery, now empty, deletes the same way.
            #expect(try await c.send(.delete, C.gallery("rg", "gallery") + "?api-version=2023-07-03").status == .accepted)
            #expect(try await c.send(.get, C.gallery("rg", "gallery") + "?api-version=2023-07-03").status == .notFound)
        }
    }

    /// ARM paths are routed by their parsed id: keywords in any case reach the type's handler; a path or method no type
    /// serves is ARM's 404; other paths still go to the fixed routes.
    @Test func armPathsAreRoutedByTheirParsedId() async throws {
        try await withService { c in
            try await c.makeGalleryWithoutWaiting()
            _ = try await c.putImage("rg", "gallery", "img")
            let shouting = "/SUBSCRIPTIONS/\(C.subscription)/RESOURCEGROUPS/rg/PROVIDERS/microsoft.compute/GALLERIES/gallery/IMAGES/img"
            let image = try await c.send(.get, shouting + "?api-version=2023-07-03")
            #expect(image.status == .ok && image.string("name") == "img")
            #expect(try await c.send(.head, C.group("rg") + "?api-version=2024-11-01").status == .noContent)
            for (method, path) in [
                (HTTPRequest.Method.post, C.image("rg", "gallery", "img")), (.patch, C.group("rg")), (.head, C.image("rg", "gallery", "img")),
                (.get, C.image("rg", "gallery", "img") + "/unknown/x"), (.get, C.gallery("rg", "gallery") + "/images/img/versions/1.0.0/more"),
            ] {
                let apiVersion = path == C.group("rg") ? "2024-11-01" : "2023-07-03"
                let reply = try await c.send(method, path + "?api-version=\(apiVersion)")
                #expect(reply.status == .notFound, "\(method) \(path)")
                if method != .head { #expect(reply.errorCode == "NotFound", "\(method) \(path)") }
            }
            #expect(try await c.send(.get, "/healthz", headers: [:]).status == .ok)
            #expect(try await c.send(.get, "/subscriptionsx/\(C.subscription)").status == .notFound)
        }
    }

    /// How many commits the store has made (`/metrics`).
    static func commits(_ c: ARMTestClient) async throws -> Int {
        let text = try await c.send(.get, "/metrics", headers: [:]).raw
        let line = text.split(separator: "\n").first { $0.hasPrefix("galleryrp_store_commit_duration_seconds_count") }
        return Int(line?.split(separator: " ").last.flatMap { Double($0) } ?? 0)
    }
}

extension ARMTestClient {
    func makeGalleryWithoutWaiting() async throws {
        try await putGroup("rg")
        try await putGallery("rg", "gallery")
    }
}
