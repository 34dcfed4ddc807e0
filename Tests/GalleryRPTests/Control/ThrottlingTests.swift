import Foundation
import HTTPTypes
import Testing

@testable import GalleryRP

/// `--throttling arm`: ARM's token buckets per subscription, principal and kind of request.
@Suite struct ThrottlingTests {
    typealias C = ARMTestClient

    @Test func writesCountDownThenAre429UntilTokensRefill() async throws {
        let clock = ManualClock()
        var configuration = ServiceConfiguration.forTests
        configuration.throttling = .arm
        configuration.clock = clock
        try await withService(configuration: configuration) { c in
            var remaining: [String] = []
            for index in 0..<200 {
                let reply = try await c.send(.put, "\(C.group("rg\(index)"))?api-version=2024-11-01", body: #"{"location":"westus"}"#)
                #expect(reply.status == .created)
                remaining.append(reply.header("x-ms-ratelimit-remaining-subscription-writes") ?? "?")
                if index == 0 { #expect(reply.header("x-ms-ratelimit-remaining-subscription-global-writes") == "2999") }
            }
            #expect(remaining.prefix(3) == ["199", "198", "197"] && remaining.last == "0")
            let refused = try await c.send(.put, "\(C.group("late"))?api-version=2024-11-01", body: #"{"location":"westus"}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "SubscriptionRequestsThrottled")
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.errorMessage?.hasPrefix("Number of 'write' requests for subscription '\(C.subscription)' actor '") == true)
            #expect(try await c.send(.get, "\(C.group("late"))?api-version=2024-11-01").status == .notFound, "a refused write changes nothing")
            // Reads have buckets of their own.
            let read = try await c.send(.get, "\(C.group("rg0"))?api-version=2024-11-01")
            #expect(read.header("x-ms-ratelimit-remaining-subscription-reads") == "248", "the GET above took one")
            clock.advance(by: 1)  // ten write tokens
            let again = try await c.send(.put, "\(C.group("late"))?api-version=2024-11-01", body: #"{"location":"westus"}"#)
            #expect(again.status == .created)
            #expect(again.header("x-ms-ratelimit-remaining-subscription-writes") == "9")
        }
    }

    @Test func bucketsArePerPrincipalUnderASubscriptionWideOne() {
        let clock = ManualClock()
        let throttler = ARMThrottler(clock: clock)
        for _ in 0..<200 { _ = throttler.take(.delete, subscription: "s", principal: "a") }
        #expect(throttler.take(.delete, subscription: "s", principal: "a") == .throttled(retryAfter: 1))
        #expect(throttler.take(.delete, subscription: "s", principal: "b") == .allowed(remaining: 199, globalRemaining: 2799))
        #expect(throttler.take(.delete, subscription: "other", principal: "a") == .allowed(remaining: 199, globalRemaining: 2999))
        #expect(throttler.take(.read, subscription: "s", principal: "a") == .allowed(remaining: 249, globalRemaining: 3749))
    }
}
