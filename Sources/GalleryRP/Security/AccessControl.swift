/// How requests are authenticated and authorized.
public enum AuthMode: String, Sendable, CaseIterable {
    /// Any well-formed bearer token; claims name the caller when the token is a JWT.
    case permissive
    /// Tokens verified (signature, expiry, audience, issuer) and every request checked against role assignments.
    case strict
}

/// The security set-up shared by the middleware and the identity endpoints.
public struct AccessControl: Sendable {
    public var mode: AuthMode
    public var directory: Directory
    public var tokens: TokenService

    public init(mode: AuthMode, directory: Directory, tokens: TokenService) {
        self.mode = mode
        self.directory = directory
        self.tokens = tokens
    }
}
