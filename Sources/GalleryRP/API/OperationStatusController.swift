import Foundation
import HTTPTypes
import Hummingbird

/// The status of long-running operations: Compute's `capsOperations` (the target of `Azure-AsyncOperation`, and with
/// `monitor=true` of `Location`) and ARM's `operationresults` (the `Location` of a resource-group delete). Creates and
/// updates answer by the clock; a due delete is finished by the poll that finds it.
struct OperationStatusController {
    let service: ServiceContext

    private func operation(_ context: ARMRequestContext) async throws -> OperationRecord {
        switch try context.armRequest().target {
        case .endpoint(.operationStatus(let id), let subscription?), .endpoint(.operationResult(let id), let subscription?):
            return try await service.operation(id: id, subscription: subscription)
        default:
            throw ARMError.unexpected
        }
    }

    @Sendable func status(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let operation = try await operation(context)
        let retry = operation.isTerminal ? [:] : service.retryAfter
        if request.query("monitor")?.lowercased() == "true" { return try monitor(request, operation) }
        return .json(Self.body(operation), headers: retry)
    }

    /// ARM's `Location` form: 202 (pointing back here) while running, then the synchronous result: an empty 200.
    @Sendable func result(_ request: Request, context: ARMRequestContext) async throws -> Response {
        try monitor(request, try await operation(context))
    }

    private func monitor(_ request: Request, _ operation: OperationRecord) throws -> Response {
        if let failure = operation.failure, operation.status == .failed || operation.status == .canceled {
            throw ARMError(failure.code == "Conflict" ? .conflict : .badRequest, code: failure.code, message: failure.message)
        }
        guard operation.isTerminal else {
            return .empty(.accepted, headers: service.retryAfter.merging([.location: request.absoluteURL(scheme: service.scheme)]))
        }
        return .empty(.ok)
    }

    /// `{startTime, endTime?, status, error?, name}` with .NET-style timestamps, as Compute answers.
    static func body(_ operation: OperationRecord) -> JSONValue {
        .object([
            ("startTime", .string(Timestamp.dotNet(operation.startTime))),
            ("endTime", operation.endTime.map { .string(Timestamp.dotNet($0)) }),
            ("status", .string(operation.status.rawValue)),
            (
                "error",
                operation.status == .failed || operation.status == .canceled
                    ? operation.failure.map { .object([("code", .string($0.code)), ("message", .string($0.message))]) } : nil
            ),
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
