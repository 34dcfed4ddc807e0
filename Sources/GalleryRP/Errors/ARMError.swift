import Foundation
import HTTPTypes
import Hummingbird

/// An error rendered as ARM's error body: `{"error":{"code","message","target"?,"details"?}}`.
public struct ARMError: Error, Sendable, Equatable, HTTPResponseError {
    /// One entry of `error.details`.
    public struct Detail: Sendable, Equatable {
        public var code: String
        public var target: String?
        public var message: String
    }

    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var target: String?
    public var details: [Detail]
    /// Extra response headers (for example `WWW-Authenticate` on a 401).
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status,
        code: String,
        message: String,
        target: String? = nil,
        details: [Detail] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.details = details
        self.headers = headers
    }

    /// The `error` object as JSON (also used inside failed operation status bodies).
    public var errorObject: JSONValue {
        .object([
            ("code", .string(code)),
            ("message", .string(message)),
            ("target", target.map(JSONValue.string)),
            (
                "details",
                details.isEmpty
                    ? nil
                    : .array(
                        details.map {
                            .object([("code", .string($0.code)), ("target", $0.target.map(JSONValue.string)), ("message", .string($0.message))])
                        }
                    )
            ),
        ])
    }

    public var body: JSONValue { .object([("error", errorObject)]) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let bytes = body.serialized()
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
