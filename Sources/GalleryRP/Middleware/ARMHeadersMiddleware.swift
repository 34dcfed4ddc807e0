import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Outermost middleware: gives every response ARM's headers (request ids, remaining-request counts, no-cache) and turns
/// every thrown error into ARM's error body, so no input produces anything but a catalogued response.
struct ARMHeadersMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    /// Whether ``ThrottlingMiddleware`` counts the remaining requests; otherwise every answer shows ARM's full buckets.
    var throttling = false

    static let requestID = HTTPField.Name("x-ms-request-id")!
    static let correlationID = HTTPField.Name("x-ms-correlation-request-id")!
    static let clientRequestID = HTTPField.Name("x-ms-client-request-id")!
    static let returnClientRequestID = HTTPField.Name("x-ms-return-client-request-id")!
    static let routingRequestID = HTTPField.Name("x-ms-routing-request-id")!

    /// Headers every response carries, built once.
    private static let fixedHeaders: HTTPFields = [
        .cacheControl: "no-cache", HTTPField.Name("Pragma")!: "no-cache", .expires: "-1",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Strict-Transport-Security")!: "max-age=31536000; includeSubDomains",
    ]
    /// Remaining-request headers with ARM's full buckets (when the service does not throttle).
    private static let readHeaders: HTTPFields = [
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-reads")!: "249",
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-global-reads")!: "3749",
    ]
    private static let writeHeaders: HTTPFields = [
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-writes")!: "199",
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-global-writes")!: "2999",
    ]
    private static let deleteHeaders: HTTPFields = [
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-deletes")!: "199",
        HTTPField.Name("x-ms-ratelimit-remaining-subscription-global-deletes")!: "2999",
    ]

    /// The response of `next`, or the error it threw rendered as its body: Entra ID's for the identity endpoints, ARM's
    /// for everything else.
    static func respond(
        _ request: Request,
        _ context: Context,
        _ next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AADError {
            return try error.response(from: request, context: context)
        } catch {
            return try armError(for: error, request: request, logger: context.logger).response(from: request, context: context)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "x-ms-request-id"] = .string(requestID)
        context.requestID = requestID
        var response = try await Self.respond(request, context, next)
        response.headers[Self.requestID] = requestID
        response.headers[Self.correlationID] = request.headers[Self.correlationID] ?? requestID
        if request.headers[Self.returnClientRequestID]?.lowercased() == "true", let clientID = request.headers[Self.clientRequestID] {
            response.headers[Self.clientRequestID] = clientID
        }
        response.headers[Self.routingRequestID] = "WESTUS:\(Timestamp.compact(Date())):\(requestID)"
        // Nothing else sets these, so they are appended rather than searched for and replaced.
        response.headers.append(contentsOf: Self.fixedHeaders)
        if !throttling {
            switch request.method {
            case .get, .head: response.headers.append(contentsOf: Self.readHeaders)
            case .delete: response.headers.append(contentsOf: Self.deleteHeaders)
            default: response.headers.append(contentsOf: Self.writeHeaders)
            }
        }
        return response
    }

    /// Maps any error to a catalogued ARM error; unknown errors are logged (when a logger is given) and become a generic 500.
    static func armError(for error: any Error, request: Request, logger: Logger?) -> ARMError {
        switch error {
        case let error as ARMError: return error
        case is NIOTooManyBytesError: return .requestTooLarge
        case let error as JSONNetError: return .invalidRequestContent(error.message)
        case let error as StoreError:
            if case .unavailable(let reason) = error { logger?.warning("storage unavailable", metadata: ["reason": "\(reason)"]) }
            return ARMError(error)
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .pathNotFound(request.uri.path)
            case .methodNotAllowed: return .methodNotAllowed(request.method.rawValue)
            case .contentTooLarge: return .requestTooLarge
            default:
                if error.status.code < 500 { return ARMError(error.status, code: "BadRequest", message: error.body ?? "The request is invalid.") }
            }
        default: break
        }
        logger?.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        return .unexpected
    }
}
