import HTTPTypes

/// The control plane's errors (`/_galleryrp/…`, `/metrics`), in ARM's error body like every other answer.
extension ARMError {
    /// No admin token, a wrong one, or (with none configured) a caller that is not on this machine.
    static func adminAccessDenied(_ reason: String) -> ARMError {
        ARMError(.forbidden, code: "AdminAccessDenied", message: "The control plane refused the request: \(reason)")
    }

    /// The control plane is off (strict mode without `--admin-token`).
    static let controlPlaneDisabled = ARMError(
        .notFound,
        code: "ControlPlaneDisabled",
        message: "The control plane is off: in strict mode it needs --admin-token."
    )

    /// A state document that cannot be imported; `path` names the member (`resources[3].id`).
    static func invalidStateDocument(_ problem: String, path: String? = nil) -> ARMError {
        ARMError(
            .badRequest,
            code: "InvalidStateDocument",
            message: path.map { "\($0): \(problem)" } ?? problem,
            target: path
        )
    }

    /// A fault rule that cannot be added; `path` names the member (`effect.status`).
    static func invalidFaultRule(_ problem: String, path: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidFaultRule", message: "\(path): \(problem)", target: path)
    }

    static func faultRuleNotFound(_ id: String) -> ARMError {
        ARMError(.notFound, code: "FaultRuleNotFound", message: "There is no fault rule '\(id)'.")
    }

    /// ARM's answer when a principal's (or the subscription's) token bucket is empty (`--throttling arm`).
    static func subscriptionThrottled(_ operation: String, subscription: String, actor: String, retryAfter: Int, headers: HTTPFields) -> ARMError {
        ARMError(
            .tooManyRequests,
            code: "SubscriptionRequestsThrottled",
            message:
                "Number of '\(operation)' requests for subscription '\(subscription)' actor '\(actor)' exceeded. Please try again after '\(retryAfter)' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
            headers: headers
        )
    }

    /// A query parameter of a control-plane request that is out of range or malformed.
    static func invalidControlParameter(_ name: String, _ problem: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidParameter", message: "The query parameter '\(name)' \(problem).", target: name)
    }
}
