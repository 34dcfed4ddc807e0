import Foundation
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage, the caller, and the ARM request the middleware parsed.
public struct ARMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller verified by the authentication middleware (strict mode).
    public var verifiedIdentity: Identity?
    /// The bearer token; in permissive mode its claims are read only by routes that ask for ``identity``.
    public var bearerToken: String?
    /// What the request addresses and its checked api-version (``ARMRequestMiddleware``); nil outside ARM's paths.
    public var arm: ARMRequest?
    /// The `x-ms-request-id` of the answer (``ARMHeadersMiddleware``).
    public var requestID: String?
    /// The path parsed by ``ObservationMiddleware`` (`.some(nil)`: not an ARM path), so ``ARMRequestMiddleware`` parses it
    /// only once; nil if nobody parsed it yet (or it did not parse).
    var parsedTarget: ARMTarget??
    /// How a fault rule wants the long-running operation this request starts to end (``FaultMiddleware``).
    public var operationPlan: FaultRule.Outcome?

    /// The caller: verified in strict mode; in permissive mode whatever the token's claims say (nothing for an opaque token).
    public var identity: Identity? {
        if let verifiedIdentity { return verifiedIdentity }
        guard let bearerToken else { return nil }
        let claims = AccessTokenClaims.unverified(bearerToken)
        return Identity(objectID: claims?.oid, clientID: claims?.appid, tenantID: claims?.tid?.lowercased(), verified: false)
    }
    public var maxUploadSize: Int { ARMRequestContext.maxBodySize }

    /// ARM rejects request bodies larger than 4 MB with 413.
    public static let maxBodySize = 4 * 1024 * 1024

    /// The peer's address (nil when there is no socket, as in in-process tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The parsed ARM request; only routes under `/subscriptions` ask, and the middleware sets it for all of them.
    func armRequest() throws -> ARMRequest {
        guard let arm else { throw ARMError.unexpected }
        return arm
    }
}

/// An ARM request as ``ARMRequestMiddleware`` checked it.
public struct ARMRequest: Sendable {
    public var target: ARMTarget
    public var apiVersion: String
}
