import Foundation
import Hummingbird

/// ARM paging: `{value, nextLink}`, `$top` honoured, an opaque `$skipToken` valid only for the list it came from.
enum ListPage {
    /// Largest page a client may ask for with `$top`.
    static let maxTop = 1000

    static func respond(
        to request: Request,
        service: ServiceContext,
        scope: String,
        render: (ResourceRecord) throws -> JSONValue,
        fetch: (_ after: String?, _ limit: Int) async throws -> [ResourceRecord]
    ) async throws -> Response {
        var top = service.configuration.pageSize
        if let text = request.query("$top") {
            guard let value = Int(text), value >= 1, value <= maxTop else {
                throw ARMError.invalidParameter(
                    "The value '\(text)' of query parameter '$top' is invalid. It must be an integer between 1 and \(maxTop).",
                    target: "$top"
                )
            }
            top = value
        }
        var after: String?
        if let token = request.query("$skipToken") {
            guard let key = SkipToken.decode(token, scope: scope) else {
                throw ARMError.invalidParameter("The value of query parameter '$skipToken' is invalid.", target: "$skipToken")
            }
            after = key
        }
        let records = try await fetch(after, top + 1)
        let page = records.prefix(top)
        var members: [(String, JSONValue)] = [("value", .array(try page.map(render)))]
        if records.count > top, let last = page.last {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "api-version", value: request.query("api-version"))]
            if request.query("$top") != nil { components.queryItems?.append(URLQueryItem(name: "$top", value: String(top))) }
            components.queryItems?.append(URLQueryItem(name: "$skipToken", value: SkipToken.encode(after: last.key, scope: scope)))
            members.append(
                ("nextLink", .string("\(request.baseURL(scheme: service.scheme))\(request.uri.path)?\(components.percentEncodedQuery ?? "")"))
            )
        }
        return .json(.object(members))
    }
}

/// The opaque continuation token: the last key returned and the list's scope, base64url-encoded.
enum SkipToken {
    static func encode(after key: String, scope: String) -> String {
        Data("\(scope)\n\(key)".utf8).base64URL
    }

    /// The key to continue after, or nil if the token is malformed or belongs to another list.
    static func decode(_ token: String, scope: String) -> String? {
        guard let data = Data(base64URL: token), let decoded = String(data: data, encoding: .utf8) else { return nil }
        let parts = decoded.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == scope, parts[1].hasPrefix(scope + "/") else { return nil }
        return String(parts[1])
    }
}
