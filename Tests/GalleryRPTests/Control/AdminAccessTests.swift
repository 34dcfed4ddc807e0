import Foundation
import HTTPTypes
import Testing

@testable import GalleryRP

/// Who may use the control plane: the admin token when one is set; nobody in strict mode without one.
@Suite struct AdminAccessTests {
    typealias C = ARMTestClient
    static let token = "an-admin-token-of-some-length"

    @Test func anAdminTokenIsRequiredWhenSet() async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.adminToken = Self.token
        try await withService(configuration: configuration) { c in
            for path in ["/_galleryrp/health", "/_galleryrp/state", "/metrics"] {
                let refused = try await c.send(.get, path, headers: [:])
                #expect(refused.status == .forbidden && refused.errorCode == "AdminAccessDenied", "\(path): \(refused.raw)")
                #expect(try await c.send(.get, path, headers: [.authorization: "Bearer wrong-token-of-some-length"]).status == .forbidden)
                #expect(try await c.send(.get, path, headers: [.authorization: "Bearer \(Self.token)"]).status == .ok, "\(path)")
            }
            let reset = try await c.send(.post, "/_galleryrp/reset", headers: [:])
            #expect(reset.status == .forbidden)
            // The console's page loads without the token; it asks for one when the API does.
            let page = try await c.send(.get, "/_galleryrp", headers: [:])
            #expect(page.status == .ok && page.header("Content-Type")?.hasPrefix("text/html") == true)
        }
    }

    @Test func strictModeWithoutAnAdminTokenHasNoControlPlane() async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.authMode = .strict
        try await withService(configuration: configuration) { c in
            let off = try await c.send(.post, "/_galleryrp/reset", headers: [:])
            #expect(off.status == .notFound && off.errorCode == "ControlPlaneDisabled", "\(off.raw)")
        }
    }

    @Test func loopbackAddressesAreRecognised() throws {
        #expect(AdminAccessMiddleware.isLoopback(try .init(ipAddress: "127.0.0.1", port: 1)))
        #expect(AdminAccessMiddleware.isLoopback(try .init(ipAddress: "::1", port: 1)))
        #expect(!AdminAccessMiddleware.isLoopback(try .init(ipAddress: "10.1.2.3", port: 1)))
        #expect(AdminAccessMiddleware.constantTimeEquals("abc", "abc"))
        #expect(!AdminAccessMiddleware.constantTimeEquals("abc", "abd") && !AdminAccessMiddleware.constantTimeEquals("abc", "abcd"))
        #expect(ServiceConfiguration.isWellFormedAdminToken("0123456789abcdef"))
        #expect(!ServiceConfiguration.isWellFormedAdminToken("short") && !ServiceConfiguration.isWellFormedAdminToken("has a space in it!!"))
    }
}
