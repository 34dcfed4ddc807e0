import HTTPTypes
import Hummingbird

/// Applies the first fault rule matching an ARM request (``FaultRules``): answers with the rule's error and changes
/// nothing, waits before handling the request, or plans how the long-running operation the request starts ends.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let control: ControlPlane

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let arm = context.arm else { return try await next(request, context) }
        let name: String? = if case .resource(let address) = arm.target { address.name } else { nil }
        let fault = FaultRequest(
            method: request.method.rawValue,
            resourceType: arm.target.resourceTypeName,
            name: name,
            subscription: arm.target.subscriptionID,
            apiVersion: arm.apiVersion
        )
        guard let effect = control.faults.effect(for: fault) else { return try await next(request, context) }
        switch effect {
        case .error(let status, let code, let message, let retryAfter):
            control.metrics.fault("error")
            throw ARMError(
                HTTPResponse.Status(code: status),
                code: code,
                message: message,
                headers: retryAfter.map { [.retryAfter: "\($0)"] } ?? [:]
            )
        case .latency(let milliseconds):
            control.metrics.fault("latency")
            try await Task.sleep(for: .milliseconds(milliseconds))
            return try await next(request, context)
        case .operation(let outcome):
            control.metrics.fault("operation")
            var context = context
            context.operationPlan = outcome
            return try await next(request, context)
        }
    }
}
