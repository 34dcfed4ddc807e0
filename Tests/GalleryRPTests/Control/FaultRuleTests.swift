import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import Testing

@testable import GalleryRP

/// `/_galleryrp/faults`: rules that answer errors, add latency, or decide how a long-running operation ends.
@Suite struct FaultRuleTests {
    typealias C = ARMTestClient

    static func addRule(_ c: C, _ rule: String) async throws -> Reply {
        let added = try await c.send(.post, "/_galleryrp/faults", body: rule, headers: [:])
        #expect(added.status == .created, "\(added.raw)")
        return added
    }

    @Test func anErrorRuleAnswersItsErrorTheNumberOfTimesAskedAndChangesNothing() async throws {
        try await withService { c in
            try await c.makeGallery()
            _ = try await Self.addRule(
                c,
                #"{"match": {"method": "PUT", "resourceType": "microsoft.compute/galleries/images", "name": "img-*"}, "count": 2, "effect": {"kind": "error", "status": 429}}"#
            )
            for _ in 0..<2 {
                let throttled = try await c.putImage("rg", "gallery", "img-1")
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.errorCode == "TooManyRequests")
                #expect(throttled.header("Retry-After") == "1")
                #expect(try await c.getImage("rg", "gallery", "img-1").status == .notFound, "a refused request changes nothing")
            }
            let other = try await c.putImage("rg", "gallery", "other", body: C.imageBody(sku: "other"))
            #expect(other.status == .created, "the name pattern does not match")
            #expect(try await c.putImage("rg", "gallery", "img-1").status == .created, "the count is used up")
            let listed = try await c.send(.get, "/_galleryrp/faults", headers: [:])
            #expect(listed.value("value.0.hits") == .number(2))
            #expect(listed.value("value.0.count") == .number(0))
        }
    }

    @Test func aChosenCodeAndMessageAreAnsweredInARMsErrorBody() async throws {
        try await withService { c in
            try await c.makeGallery()
            _ = try await Self.addRule(
                c,
                #"{"match": {"method": "GET"}, "effect": {"kind": "error", "status": 409, "code": "AnotherOperationInProgress", "message": "Busy."}}"#
            )
            let refused = try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03")
            #expect(refused.status == .conflict)
            #expect(refused.raw == #"{"error":{"code":"AnotherOperationInProgress","message":"Busy."}}"#)
            #expect(refused.header("Retry-After") == nil)
            #expect(try await c.send(.delete, "/_galleryrp/faults", headers: [:]).value("removed") == .number(1))
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03").status == .ok)
        }
    }

    @Test func latencyDelaysTheAnswer() async throws {
        try await withService { c in
            try await c.makeGallery()
            let rule = try await Self.addRule(
                c,
                #"{"match": {"method": "GET", "resourceType": "Microsoft.Compute/galleries"}, "effect": {"kind": "latency", "milliseconds": 300}}"#
            )
            let started = ContinuousClock.now
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03").status == .ok)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            let id = try #require(rule.string("id"))
            #expect(try await c.send(.delete, "/_galleryrp/faults/\(id)", headers: [:]).status == .noContent)
            #expect(try await c.send(.delete, "/_galleryrp/faults/\(id)", headers: [:]).errorCode == "FaultRuleNotFound")
        }
    }

    @Test func anOperationPlannedToFailEndsFailedWithItsError() async throws {
        try await withService { c in
            try await c.makeGallery()
            _ = try await Self.addRule(
                c,
                #"{"match": {"resourceType": "Microsoft.Compute/galleries/images"}, "count": 1, "effect": {"kind": "operation", "outcome": "Failed", "code": "InternalError", "message": "Replication broke."}}"#
            )
            // A GET does not start an operation, so it does not use the rule up.
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
            let created = try await c.putImage("rg", "gallery", "img")
            #expect(created.status == .created)
            let status = try await c.waitFor(created)
            #expect(status.string("status") == "Failed")
            #expect(status.value("error") == .object([("code", .string("InternalError")), ("message", .string("Replication broke."))]))
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Failed")
            // The next PUT is not planned: it succeeds.
            #expect(try await c.waitFor(try await c.putImage("rg", "gallery", "img")).string("status") == "Succeeded")
        }
    }

    @Test func aCanceledDeleteLeavesTheResource() async throws {
        try await withService { c in
            try await c.makeImage()
            _ = try await Self.addRule(c, #"{"match": {"method": "DELETE"}, "effect": {"kind": "operation", "outcome": "Canceled"}}"#)
            let deletion = try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03")
            #expect(deletion.status == .accepted)
            let status = try await c.waitFor(deletion)
            #expect(status.string("status") == "Canceled")
            #expect(status.string("error.code") == "OperationCanceled")
            let image = try await c.getImage("rg", "gallery", "img")
            #expect(image.status == .ok && image.string("properties.provisioningState") == "Canceled")
        }
    }

    @Test func anOperationHeldForThreePollsAnswersInProgressThreeTimes() async throws {
        try await withService { c in
            try await c.makeGallery()
            _ = try await Self.addRule(c, #"{"match": {"method": "PUT"}, "effect": {"kind": "operation", "outcome": "InProgress", "polls": 3}}"#)
            let created = try await c.putImage("rg", "gallery", "img")
            let url = C.pathAndQuery(try #require(created.header("Azure-AsyncOperation")))
            var answers: [String] = []
            for _ in 0..<5 { answers.append(try await c.send(.get, url).string("status") ?? "?") }
            #expect(answers == ["InProgress", "InProgress", "InProgress", "Succeeded", "Succeeded"])
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.provisioningState") == "Succeeded")
        }
    }

    @Test func probabilityDecidesWhetherARuleApplies() async throws {
        let draws = Draws([0.9, 0.1])
        let control = ControlPlane(configuration: .forTests, faults: FaultRules(random: { draws.next() }))
        try await withService(control: control) { c in
            try await c.makeGallery()
            _ = try await Self.addRule(c, #"{"match": {"method": "GET"}, "probability": 0.5, "effect": {"kind": "error", "status": 503}}"#)
            let url = "\(C.gallery("rg", "gallery"))?api-version=2023-07-03"
            #expect(try await c.send(.get, url).status == .ok, "draw 0.9: not applied")
            let refused = try await c.send(.get, url)
            #expect(refused.status == .serviceUnavailable && refused.errorCode == "ServiceUnavailable", "draw 0.1: applied")
        }
    }

    @Test(arguments: [
        (#"{"effect": {"kind": "error"}}"#, "effect.status"),
        (#"{"effect": {"kind": "error", "status": 200}}"#, "effect.status"),
        (#"{"effect": {"kind": "teleport"}}"#, "effect.kind"),
        (#"{"probability": 2, "effect": {"kind": "latency", "milliseconds": 1}}"#, "probability"),
        (#"{"count": 0, "effect": {"kind": "latency", "milliseconds": 1}}"#, "count"),
        (#"{"match": {"method": 5}, "effect": {"kind": "latency", "milliseconds": 1}}"#, "match.method"),
        (#"{"effect": {"kind": "operation", "outcome": "Exploded"}}"#, "effect.outcome"),
        (#"["not a rule"]"#, "rule"),
    ])
    func invalidRulesAreRefusedNamingTheMember(rule: String, target: String) async throws {
        try await withService { c in
            let refused = try await c.send(.post, "/_galleryrp/faults", body: rule, headers: [:])
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "InvalidFaultRule")
            #expect(refused.errorTarget == target, "\(refused.raw)")
            #expect(try await c.send(.get, "/_galleryrp/faults", headers: [:]).count("value") == 0)
        }
    }

    @Test func wildcardsMatchNamesIgnoringCase() {
        #expect(Wildcard.matches("img-*", "IMG-42"))
        #expect(Wildcard.matches("*-v?", "image-v2"))
        #expect(!Wildcard.matches("*-v?", "image-v22"))
        #expect(Wildcard.matches("*", ""))
        #expect(!Wildcard.matches("a*b*c", "abxbx"))
        #expect(Wildcard.matches("a*b*c", "axxbyyc"))
    }
}

/// Numbers handed out in order, for a rule's probability draws.
final class Draws: Sendable {
    private let values: NIOLockedValueBox<[Double]>
    init(_ values: [Double]) { self.values = NIOLockedValueBox(values) }
    func next() -> Double { values.withLockedValue { $0.isEmpty ? 0.99 : $0.removeFirst() } }
}
