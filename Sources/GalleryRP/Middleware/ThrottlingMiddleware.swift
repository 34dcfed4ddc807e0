import HTTPTypes
import Hummingbird

/// ARM's throttling (`--throttling arm`): every ARM request takes a token from its subscription's and caller's bucket
/// for its kind (read, write, delete); the answer shows what is left in `x-ms-ratelimit-remaining-subscription-…`,
/// and an empty bucket answers 429 `SubscriptionRequestsThrottled` with `Retry-After` and changes nothing.
struct ThrottlingMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let throttler: ARMThrottler
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let subscription = context.arm?.target.subscriptionID else { return try await next(request, context) }
        let operation = ARMThrottler.Operation(method: request.method.rawValue)
        let identity = context.identity
        let principal = identity?.objectID ?? identity?.clientID ?? "00000000-0000-0000-0000-000000000000"
        switch throttler.take(operation, subscription: subscription, principal: principal) {
        case .throttled(let retryAfter):
            metrics.throttled(operation.rawValue)
            var headers: HTTPFields = [.retryAfter: "\(retryAfter)"]
            headers.append(contentsOf: Self.remaining(operation, 0, 0))
            throw ARMError.subscriptionThrottled(
                operation.rawValue,
                subscription: subscription,
                actor: principal,
                retryAfter: retryAfter,
                headers: headers
            )
        case .allowed(let remaining, let global):
            var response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = try ARMHeadersMiddleware.armError(for: error, request: request, logger: context.logger).response(
                    from: request,
                    context: context
                )
            }
            response.headers.append(contentsOf: Self.remaining(operation, remaining, global))
            return response
        }
    }

    static func remaining(_ operation: ARMThrottler.Operation, _ remaining: Int, _ global: Int) -> HTTPFields {
        [
            HTTPField.Name("x-ms-ratelimit-remaining-subscription-\(operation.headerSuffix)")!: "\(remaining)",
            HTTPField.Name("x-ms-ratelimit-remaining-subscription-global-\(operation.headerSuffix)")!: "\(global)",
        ]
    }
}
