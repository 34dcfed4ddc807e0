import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// Issues access tokens signed with the instance's RSA key (kept in the data directory) and verifies tokens
/// in strict mode: signature (own key or a configured external issuer's JWKS), expiry, audience and issuer.
public struct TokenService: Sendable {
    private let keys: JWTKeyCollection
    private let ownKeyID: String
    private let publicKey: JWTKit.Insecure.RSA.PublicKey
    /// Key id → issuers that key may sign for (nil: the service's own `https://sts.windows.net/{tenant}/` issuers).
    private let externalIssuers: [String: String]
    private let directory: Directory

    /// ARM accepts tokens for these audiences.
    public static let audiences = [
        "https://management.core.windows.net/", "https://management.core.windows.net", "https://management.azure.com/",
        "https://management.azure.com",
    ]

    /// Loads the signing key from `directory/token-signing-key.pem`, creating it on first start.
    public static func load(dataDirectory: String, directory: Directory, directoryFileBase: String?) async throws -> TokenService {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let path = "\(dataDirectory)/token-signing-key.pem"
        let privateKey = try signingKey(at: path)
        let modulus = try privateKey.publicKey.getKeyPrimitives().modulus
        let kid = Data(SHA256.hash(data: modulus)).base64URL.prefix(27).description
        let keys = JWTKeyCollection()
        await keys.add(rsa: privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        var external: [String: String] = [:]
        for issuer in directory.externalIssuers ?? [] {
            let file = issuer.jwksFile.hasPrefix("/") ? issuer.jwksFile : "\(directoryFileBase ?? ".")/\(issuer.jwksFile)"
            let json = try String(contentsOfFile: file, encoding: .utf8)
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
            for jwk in jwks.keys {
                guard let id = jwk.keyIdentifier?.string else { throw DirectoryError("every key in \(file) needs a kid") }
                external[id] = issuer.issuer
                try await keys.add(jwk: jwk)
            }
        }
        return TokenService(keys: keys, ownKeyID: kid, publicKey: privateKey.publicKey, externalIssuers: external, directory: directory)
    }

    /// The signing key at `path`, created there if there is none. A key that exists but cannot be read stops the service
    /// (replacing it would invalidate every token issued so far). A new key is written to a temporary file and linked
    /// into place, so nodes sharing a data directory that start at once agree on one key.
    private static func signingKey(at path: String) throws -> JWTKit.Insecure.RSA.PrivateKey {
        if FileManager.default.fileExists(atPath: path) {
            return try readKey(path)
        }
        let fresh = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let temporary = "\(path).\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(fresh.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw DirectoryError("cannot write the token-signing key \(temporary)")
        }
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return fresh }
        guard errno == EEXIST else { throw DirectoryError("cannot create the token-signing key \(path): \(String(cString: strerror(errno)))") }
        return try readKey(path)  // another process created it first
    }

    private static func readKey(_ path: String) throws -> JWTKit.Insecure.RSA.PrivateKey {
        do {
            return try JWTKit.Insecure.RSA.PrivateKey(pem: String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw DirectoryError("cannot read the token-signing key \(path): \(error)")
        }
    }

    /// The issuer the service puts in tokens for `tenant`, as Azure AD does for v1.0 ARM tokens.
    public static func issuer(tenant: String) -> String { "https://sts.windows.net/\(tenant.lowercased())/" }

    /// Signs an access token for `principal` and `audience`, valid for `lifetime` seconds.
    func issue(for principal: Directory.Principal, audience: String, lifetime: Int = 3599, now: Date = Date()) async throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        let claims = AccessTokenClaims(
            aud: audience,
            iss: Self.issuer(tenant: principal.tenantId),
            iat: issued,
            nbf: issued,
            exp: issued + lifetime,
            appid: principal.clientId,
            appidacr: "1",
            idtyp: "app",
            oid: principal.objectId,
            sub: principal.objectId,
            tid: principal.tenantId.lowercased(),
            ver: "1.0"
        )
        var header = JWTHeader()
        header.typ = "JWT"
        return try await keys.sign(claims, kid: JWKIdentifier(string: ownKeyID), header: header)
    }

    /// The JWKS document clients and other services use to verify issued tokens.
    func jwks() throws -> JSONValue {
        let primitives = try publicKey.getKeyPrimitives()
        return .object([
            (
                "keys",
                .array([
                    .object([
                        ("kty", .string("RSA")), ("use", .string("sig")), ("kid", .string(ownKeyID)), ("alg", .string("RS256")),
                        ("n", .string(primitives.modulus.base64URL)), ("e", .string(primitives.publicExponent.base64URL)),
                    ])
                ])
            )
        ])
    }

    /// Verifies a bearer token in strict mode, or throws ARM's 401 for the first failed check.
    func verify(_ token: String, now: Date = Date()) async throws -> Identity {
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch {
            throw ARMError.invalidAuthenticationToken
        }
        let kid = Self.keyID(of: token)
        let issuer = claims.iss ?? ""
        if let external = kid.flatMap({ externalIssuers[$0] }) {
            guard external == issuer else { throw ARMError.wrongIssuer(issuer) }
        } else {
            guard let tid = claims.tid, directory.tenant(tid) != nil, issuer == Self.issuer(tenant: tid) else { throw ARMError.wrongIssuer(issuer) }
        }
        let seconds = Int(now.timeIntervalSince1970)
        guard let exp = claims.exp else { throw ARMError.invalidAuthenticationToken }
        if exp <= seconds { throw ARMError.expiredAuthenticationToken(expiry: exp, now: seconds) }
        if let nbf = claims.nbf, nbf > seconds + 300 { throw ARMError.invalidAuthenticationToken }
        guard let audience = claims.aud, Self.audiences.contains(audience) else { throw ARMError.wrongAudience(claims.aud ?? "") }
        return Identity(objectID: claims.oid, clientID: claims.appid, tenantID: claims.tid?.lowercased(), verified: true)
    }

    private static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".").first, let data = Data(base64URL: String(header)),
            let value = try? JSONValue.parse(data), case .string(let kid)? = value["kid"]
        else { return nil }
        return kid
    }
}
