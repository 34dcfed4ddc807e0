import Foundation
import HTTPTypes
import Hummingbird

/// Records every answered request in the node's metrics (by resource type, method and status) and ARM requests in the
/// request journal. It sits just inside ``ARMHeadersMiddleware`` and renders the errors thrown below it as ARM's error
/// body, so the journal holds what the client got; and it parses the path once for the whole pipeline
/// (``ARMRequestContext/parsedTarget``).
struct ObservationMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let control: ControlPlane

    static let userAgent = HTTPField.Name("User-Agent")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let time = Date()
        let path = request.uri.path
        var context = context
        let typeName: String
        if GalleryRPResponder.isARMPath(path) {
            // A path that does not parse is parsed again by ARMRequestMiddleware, which answers its error.
            do {
                let target = try ARMTarget.parse(path: path)
                context.parsedTarget = .some(target)
                typeName = target?.resourceTypeName ?? "unknown"
            } catch {
                typeName = "unknown"
            }
        } else {
            typeName = Self.isControlPlane(path) ? "GalleryRP/control" : "GalleryRP/other"
        }
        let journaled = control.journal.capacity > 0 && !Self.isControlPlane(path)
        var request = request
        var requestBody: String?
        if journaled, control.journal.keepsBodies, request.headers[.contentLength].map({ $0 != "0" }) ?? (request.headers[.transferEncoding] != nil) {
            let bytes = try await request.collectBody(upTo: ARMRequestContext.maxBodySize)
            requestBody = RequestJournal.text(bytes.readableBytesView)
        }
        func finish(_ status: HTTPResponse.Status) -> Int? {
            let duration = ContinuousClock.now - started
            control.metrics.request(type: typeName, method: request.method.rawValue, status: status.code, duration: duration)
            guard journaled else { return nil }
            return control.journal.record(
                JournalEntry(
                    sequence: 0,
                    time: time,
                    method: request.method.rawValue,
                    uri: request.uri.description,
                    apiVersion: request.query("api-version"),
                    status: status.code,
                    durationMilliseconds: Double(duration.nanoseconds) / 1_000_000,
                    requestID: context.requestID,
                    clientRequestID: request.headers[ARMHeadersMiddleware.clientRequestID],
                    correlationRequestID: request.headers[ARMHeadersMiddleware.correlationID] ?? context.requestID,
                    userAgent: request.headers[Self.userAgent],
                    caller: Self.caller(request),
                    requestBody: requestBody
                )
            )
        }
        // Errors are rendered here rather than outside, so the journal sees the error body too.
        var response = try await ARMHeadersMiddleware.respond(request, context, next)
        if let sequence = finish(response.status), control.journal.keepsBodies {
            let journal = control.journal
            response.body = response.body.map { buffer in
                journal.attachResponseBody(RequestJournal.text(buffer.readableBytesView), to: sequence)
                return buffer
            }
        }
        return response
    }

    static func isControlPlane(_ path: String) -> Bool {
        path.hasPrefix("/_galleryrp") || path == "/metrics" || path == "/healthz"
    }

    /// Who the bearer token says the caller is: its claims as sent (strict mode verifies them further in).
    static func caller(_ request: Request) -> Identity? {
        guard let header = request.headers[.authorization], let token = AuthenticationMiddleware.bearerToken(header),
            let claims = AccessTokenClaims.unverified(token)
        else { return nil }
        return Identity(objectID: claims.oid, clientID: claims.appid, tenantID: claims.tid?.lowercased(), verified: false)
    }
}
