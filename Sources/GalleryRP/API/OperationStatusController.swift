import HTTPTypes
import Foundation
import Hummingbird

/// Compute's operation status resource (`capsOperations`), the target of `Azure-AsyncOperation` and `Location`.
struct OperationStatusController {
    let service: ServiceContext

    func register(on router: Router<ARMRequestContext>) {
        router.get("/subscriptions/:subscriptionId/providers/Microsoft.Compute/locations/:location/capsOperations/:operationId", use: status)
    }

    @Sendable func status(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.compute, service.configuration)
        let operation = try await service.operation(id: try context.pathParameter("operationId"), subscription: try context.pathParameter("subscriptionId"))
        let retry: HTTPFields = operation.isTerminal ? [:] : [.retryAfter: "\(service.configuration.retryAfterSeconds)"]
        if request.query("monitor")?.lowercased() == "true" {
            // The `Location` form: 202 while running, then the synchronous result (an empty 200 for a delete).
            if !operation.isTerminal {
                return .empty(.accepted, headers: retry.merging([.location: request.absoluteURL(scheme: service.scheme)]))
            }
            if operation.status == .failed { throw ARMError(.conflict, code: operation.errorCode ?? "Failed", message: operation.errorMessage ?? "") }
            return .empty(.ok)
        }
        return .json(Self.body(operation), headers: retry)
    }

    /// `{startTime, endTime?, status, name, error?}` with .NET-style timestamps, as Compute answers.
    static func body(_ operation: OperationRecord) -> JSONValue {
        .object([
            ("startTime", .string(Timestamp.dotNet(operation.startTime))),
            ("endTime", operation.endTime.map { .string(Timestamp.dotNet($0)) }),
            ("status", .string(operation.status.rawValue)),
            ("error", operation.errorCode.map { .object([("code", .string($0)), ("message", .string(operation.errorMessage ?? ""))]) }),
            ("name", .string(operation.id)),
        ])
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result[field.name] = field.value }
        return result
    }
}
