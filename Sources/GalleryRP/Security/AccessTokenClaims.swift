import Foundation
import JWTKit

/// The claims of an ARM access token as Azure AD issues them for a service principal (v1.0 token shape).
struct AccessTokenClaims: JWTPayload, Equatable {
    var aud: String?
    var iss: String?
    var iat: Int?
    var nbf: Int?
    var exp: Int?
    var appid: String?
    var appidacr: String?
    var idtyp: String?
    var oid: String?
    var sub: String?
    var tid: String?
    var ver: String?

    /// Claims are checked by ``TokenService`` so that each failure gets ARM's own error code.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// Reads the payload of a JWT without checking anything (permissive mode).
    static func unverified(_ token: String) -> AccessTokenClaims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URL: String(parts[1])) else { return nil }
        return try? JSONDecoder().decode(AccessTokenClaims.self, from: data)
    }
}

/// Who made a request, as far as the token says.
public struct Identity: Sendable, Equatable {
    public var objectID: String?
    public var clientID: String?
    public var tenantID: String?
    /// Whether the token's signature and claims were verified (strict mode).
    public var verified: Bool
}

extension Data {
    /// Decodes base64url without padding.
    init?(base64URL text: String) {
        var bytes = text.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): return UInt8(ascii: "+")
            case UInt8(ascii: "_"): return UInt8(ascii: "/")
            default: return byte
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        self.init(base64Encoded: Data(bytes))
    }

    /// base64url without padding (byte by byte: Foundation's string replacing is slow on the list path).
    var base64URL: String {
        let encoded = base64EncodedData().compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): return UInt8(ascii: "-")
            case UInt8(ascii: "/"): return UInt8(ascii: "_")
            case UInt8(ascii: "="): return nil
            default: return byte
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
