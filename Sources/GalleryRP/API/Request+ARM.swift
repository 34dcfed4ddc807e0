import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// A query parameter, matched case-insensitively as ARM does. Hummingbird decodes values but not names,
    /// so `%24top` is `$top` here too.
    func query(_ name: String) -> String? {
        guard let query = uri.query else { return nil }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.formDecoded(Substring(parts[0])).caseInsensitiveEquals(name) else { continue }
            return parts.count > 1 ? Self.formDecoded(Substring(parts[1])) : ""
        }
        return nil
    }

    /// A query component with `+` as space and percent-escapes decoded; most need neither, so they are copied as is.
    private static func formDecoded(_ text: Substring) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// `scheme://host[:port]` as the client addressed the service (from `referer` when a front end sets it).
    func baseURL(scheme: String) -> String {
        if let referer = headers[.referer], let url = URL(string: referer), let refScheme = url.scheme, let host = url.host {
            return "\(refScheme)://\(host.contains(":") ? "[\(host)]" : host)\(url.port.map { ":\($0)" } ?? "")"
        }
        return "\(scheme)://\(head.authority ?? "127.0.0.1")"
    }

    /// This request's own URL, absolute (the `Location` a polled operation hands back while it runs).
    func absoluteURL(scheme: String) -> String {
        "\(baseURL(scheme: scheme))\(uri.path)?\(uri.query ?? "")"
    }

    /// The body of a PUT or PATCH: 415 `UnsupportedMediaType` when one is sent without a JSON `Content-Type` (ARM takes
    /// only `application/json`), 413 above 4 MB. An empty body is returned empty.
    func jsonBody() async throws -> ByteBuffer {
        let declared = headers[.contentLength].flatMap(Int.init) ?? (headers[.transferEncoding] == nil ? 0 : 1)
        if declared > 0 {
            let mediaType = headers[.contentType].map {
                $0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            }
            guard let mediaType, mediaType.caseInsensitiveEquals("application/json") else { throw ARMError.unsupportedMediaType(mediaType) }
        }
        var request = self
        // Oversized bodies throw here; ARMHeadersMiddleware maps that to 413 like every other error.
        return try await request.collectBody(upTo: ARMRequestContext.maxBodySize)
    }
}

extension Response {
    /// A JSON response with ARM's content type.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    /// An empty response.
    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentLength] = "0"
        return Response(status: status, headers: fields)
    }
}
