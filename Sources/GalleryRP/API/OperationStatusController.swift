import HTTPTypes
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
                return .empty(.accepted, headers: retry.merging([.location: "\(request.baseURL(scheme: service.scheme))\(request.uri.path)?\(request.uri.query ?? "")"]))
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

/// Timestamp formats, computed with `gmtime_r` (Calendar is far too slow for every request).
enum Timestamp {
    private static func utc(_ seconds: Int) -> tm {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return parts
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `2026-04-27T04:46:48.7229613+00:00`: seven fractional digits and an explicit offset.
    static func dotNet(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let ticks = Int(((seconds - whole) * 10_000_000).rounded(.down))
        let t = utc(Int(whole))
        return "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))T\(pad(Int(t.tm_hour), 2)):\(pad(Int(t.tm_min), 2)):\(pad(Int(t.tm_sec), 2)).\(pad(ticks, 7))+00:00"
    }

    /// `20260427T044648Z`, as in `x-ms-routing-request-id`.
    static func compact(_ date: Date) -> String {
        let t = utc(Int(date.timeIntervalSince1970))
        return "\(pad(Int(t.tm_year) + 1900, 4))\(pad(Int(t.tm_mon) + 1, 2))\(pad(Int(t.tm_mday), 2))T\(pad(Int(t.tm_hour), 2))\(pad(Int(t.tm_min), 2))\(pad(Int(t.tm_sec), 2))Z"
    }
}
