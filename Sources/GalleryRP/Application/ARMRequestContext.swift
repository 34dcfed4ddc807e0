import Foundation
import Hummingbird

/// The request context: Hummingbird's core storage with ARM's 4 MB body limit.
public struct ARMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller verified by the authentication middleware (strict mode).
    public var verifiedIdentity: Identity?
    /// The bearer token; in permissive mode its claims are read only by routes that ask for ``identity``.
    public var bearerToken: String?

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

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

extension ARMRequestContext {
    /// A path parameter, percent-decoded as ARM decodes names (clients encode characters such as `(` and `)`).
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw ARMError.invalidParameter("The path segment '\(raw)' is not valid percent-encoding.", target: name)
        }
        return decoded
    }
}
