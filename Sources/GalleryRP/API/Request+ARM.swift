import HTTPTypes
import Foundation
import Hummingbird

/// The namespaces whose api-versions the service checks.
enum ProviderNamespace {
    case compute
    case resources
}

extension String {
    /// ASCII case-insensitive equality (query names and similar protocol tokens).
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
    }
}

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

    /// The api-version, checked against the namespace's published versions.
    func apiVersion(_ namespace: ProviderNamespace, _ configuration: ServiceConfiguration, type: String = "galleries") throws -> String {
        guard let version = query("api-version"), !version.isEmpty else { throw ARMError.missingAPIVersion }
        let supported = namespace == .compute ? APIVersion.compute : APIVersion.resources
        if supported.contains(version) { return version }
        if configuration.acceptAnyAPIVersion, Self.isWellFormedAPIVersion(version) { return version }
        switch namespace {
        case .compute: throw ARMError.noRegisteredProvider(apiVersion: version, type: type, location: "westus", supported: supported.reversed())
        case .resources: throw ARMError.invalidAPIVersion(version, supported: supported.reversed())
        }
    }

    /// `YYYY-MM-DD` with an optional `-preview`-style suffix.
    static func isWellFormedAPIVersion(_ version: String) -> Bool {
        let parts = version.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts[0...2].allSatisfy({ $0.allSatisfy(\.isNumber) })
        else { return false }
        return parts.count == 3 || ["preview", "alpha", "beta", "rc", "privatepreview"].contains(parts[3].lowercased())
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

    /// Reads and decodes a JSON body; ARM's 400 `InvalidRequestContent` for anything malformed, 413 above 4 MB.
    func decodeBody<T: Decodable>(_ type: T.Type, context: ARMRequestContext) async throws -> T {
        var request = self
        // Oversized bodies throw here; ARMHeadersMiddleware maps that to 413 like every other error.
        let buffer = try await request.collectBody(upTo: ARMRequestContext.maxBodySize)
        guard buffer.readableBytes > 0 else { throw ARMError.invalidRequestContent("The request body is empty.") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw ARMError.invalidRequestContent(Self.describe(error))
        } catch let error as ARMError {
            throw error
        } catch {
            throw ARMError.invalidRequestContent("Unexpected character encountered while parsing value. Path '', line 1.")
        }
    }

    /// A Json.NET-style description of a decoding failure, naming the JSON path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .typeMismatch(let type, let context): return "Error converting value to type '\(type)'. Path '\(path(context))'."
        case .valueNotFound(let type, let context): return "Error converting value {null} to type '\(type)'. Path '\(path(context))'."
        case .keyNotFound(let key, let context): return "Required property '\(key.stringValue)' not found in JSON. Path '\(path(context))'."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "Unexpected character encountered while parsing value. Path '', line 1."
                : "Invalid value. Path '\(path(context))'."
        @unknown default: return "Invalid JSON."
        }
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
