import Foundation
import Hummingbird
import NIOCore

/// Who may use the control plane (`/_galleryrp/…`, `/metrics`): with `--admin-token`, whoever sends it as a bearer
/// token; without one, in permissive mode, callers on this machine only; in strict mode without one, nobody.
struct AdminAccessMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let token: String?
    let mode: AuthMode

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token {
            let sent = request.headers[.authorization].flatMap(AuthenticationMiddleware.bearerToken)
            guard let sent, Self.constantTimeEquals(sent, token) else {
                throw ARMError.adminAccessDenied("send the admin token as 'Authorization: Bearer <token>'.")
            }
        } else if mode == .strict {
            throw ARMError.controlPlaneDisabled
        } else if let address = context.remoteAddress, !Self.isLoopback(address) {
            throw ARMError.adminAccessDenied("without --admin-token it answers only callers on this machine.")
        }
        return try await next(request, context)
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return address.protocol == .unix }
        return ip.hasPrefix("127.") || ip == "::1" || ip.lowercased().hasPrefix("::ffff:127.")
    }

    /// Compares without returning early, so the time taken says nothing about how much of a guess was right.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
