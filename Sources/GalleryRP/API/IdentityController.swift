import Foundation
import Hummingbird

/// The Azure AD endpoints the Azure CLI (MSAL) needs, served by the service itself: OpenID discovery, the token
/// endpoint (client-credentials grant), the signing keys, and ARM's cloud metadata for `az cloud register`.
struct IdentityController {
    let access: AccessControl
    let scheme: String

    func register(on router: Router<ARMRequestContext>) {
        router.get("/metadata/endpoints", use: metadata)
        router.get("/:tenant/v2.0/.well-known/openid-configuration", use: openIDConfiguration)
        router.get("/:tenant/.well-known/openid-configuration", use: openIDConfiguration)
        router.post("/:tenant/oauth2/v2.0/token", use: token)
        router.post("/:tenant/oauth2/token", use: token)
        router.get("/:tenant/discovery/v2.0/keys", use: keys)
        router.get("/:tenant/discovery/keys", use: keys)
    }

    private static let aliases = ["common", "organizations", "consumers"]

    /// ARM's cloud metadata: where to log in and which audience to ask for.
    @Sendable func metadata(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let base = request.baseURL(scheme: scheme)
        return .json(
            .object([
                ("portal", .string(base)),
                (
                    "authentication",
                    .object([
                        ("loginEndpoint", .string(base + "/")), ("audiences", .array(TokenService.audiences.prefix(2).map(JSONValue.string))),
                        ("tenant", .string("common")), ("identityProvider", .string("AAD")),
                    ])
                ),
                ("media", .string(base)),
                ("graphAudience", .string(base)),
                ("graph", .string(base)),
                ("name", .string("GalleryRP")),
                (
                    "suffixes",
                    .object([
                        ("azureDataLakeStoreFileSystem", .string("azuredatalakestore.net")), ("acrLoginServer", .string("azurecr.io")),
                        ("sqlServerHostname", .string("database.windows.net")),
                        ("azureDataLakeAnalyticsCatalogAndJob", .string("azuredatalakeanalytics.net")), ("keyVaultDns", .string("vault.azure.net")),
                        ("storage", .string("core.windows.net")), ("azureFrontDoorEndpointSuffix", .string("azurefd.net")),
                    ])
                ),
                ("batch", .string(base)),
                ("resourceManager", .string(base + "/")),
                ("vmImageAliasDoc", .string(base + "/vmImageAliasDoc")),
                ("activeDirectoryDataLake", .string(base)),
                ("sqlManagement", .string(base)),
                ("gallery", .string(base)),
            ])
        )
    }

    /// Resolves the tenant segment: a known tenant id, or `organizations`/`common`.
    private func tenantSegment(_ context: ARMRequestContext) throws -> String {
        let raw = try context.parameters.require("tenant")
        let tenant = raw.removingPercentEncoding ?? raw
        if Self.aliases.contains(tenant.lowercased()) { return tenant.lowercased() }
        guard access.directory.tenant(tenant) != nil else { throw AADError.tenantNotFound(tenant) }
        return tenant.lowercased()
    }

    @Sendable func openIDConfiguration(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let tenant = try tenantSegment(context)
        let base = request.baseURL(scheme: scheme)
        let issuerTenant = Self.aliases.contains(tenant) ? "{tenantid}" : tenant
        return .json(
            .object([
                ("token_endpoint", .string("\(base)/\(tenant)/oauth2/v2.0/token")),
                ("token_endpoint_auth_methods_supported", .array(["client_secret_post", "client_secret_basic"].map(JSONValue.string))),
                ("jwks_uri", .string("\(base)/\(tenant)/discovery/v2.0/keys")),
                ("response_modes_supported", .array(["query", "fragment", "form_post"].map(JSONValue.string))),
                ("subject_types_supported", .array([.string("pairwise")])),
                ("id_token_signing_alg_values_supported", .array([.string("RS256")])),
                ("response_types_supported", .array(["code", "id_token", "code id_token", "id_token token"].map(JSONValue.string))),
                ("scopes_supported", .array(["openid", "profile", "email", "offline_access"].map(JSONValue.string))),
                ("issuer", .string("\(base)/\(issuerTenant)/v2.0")),
                ("request_uri_parameter_supported", .bool(false)),
                ("authorization_endpoint", .string("\(base)/\(tenant)/oauth2/v2.0/authorize")),
                ("device_authorization_endpoint", .string("\(base)/\(tenant)/oauth2/v2.0/devicecode")),
                ("end_session_endpoint", .string("\(base)/\(tenant)/oauth2/v2.0/logout")),
                ("tenant_region_scope", .null),
                ("cloud_instance_name", .string(request.head.authority ?? "127.0.0.1")),
            ])
        )
    }

    @Sendable func keys(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try tenantSegment(context)
        return .json(try access.tokens.jwks())
    }

    /// The client-credentials grant: checks the client id, secret and tenant against the directory.
    @Sendable func token(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let tenant = try tenantSegment(context)
        var body = request
        let buffer = try await body.collectBody(upTo: 64 * 1024)
        var form: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        var clientID = form["client_id"]
        var secret = form["client_secret"]
        if let basic = request.headers[.authorization], basic.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) })
        {
            let parts = decoded.split(separator: ":", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 {
                clientID = parts[0]
                secret = parts[1]
            }
        }
        guard form["grant_type"] == "client_credentials" else { throw AADError.unsupportedGrant(form["grant_type"] ?? "") }
        guard let clientID, !clientID.isEmpty else { throw AADError.missingClient }
        guard let principal = access.directory.principal(clientID: clientID),
            Self.aliases.contains(tenant) || principal.tenantId.lowercased() == tenant
        else {
            throw AADError.unknownClient(clientID, tenant: tenant)
        }
        guard let secret, secret == principal.secret else { throw AADError.invalidSecret(clientID) }
        let requested =
            form["scope"]?.split(separator: " ").first.map(String.init) ?? form["resource"] ?? "https://management.core.windows.net/.default"
        let audience =
            requested.hasSuffix("/.default")
            ? String(requested.dropLast("/.default".count)) + (requested.hasSuffix("//.default") ? "" : "/") : requested
        let lifetime = 3599
        let token = try await access.tokens.issue(for: principal, audience: audience, lifetime: lifetime)
        return .json(
            .object([
                ("token_type", .string("Bearer")), ("expires_in", .number(Double(lifetime))), ("ext_expires_in", .number(Double(lifetime))),
                ("access_token", .string(token)),
            ])
        )
    }
}

/// Azure AD's OAuth error responses (`{"error","error_description","error_codes",...}`), for the token endpoints.
struct AADError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var error: String
    var code: Int
    var description: String

    static func tenantNotFound(_ tenant: String) -> AADError {
        AADError(
            status: .badRequest,
            error: "invalid_tenant",
            code: 90002,
            description:
                "AADSTS90002: Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
        )
    }
    static func unsupportedGrant(_ grant: String) -> AADError {
        AADError(
            status: .badRequest,
            error: "unsupported_grant_type",
            code: 70003,
            description: "AADSTS70003: The app requested an unsupported grant type '\(grant)'."
        )
    }
    static let missingClient = AADError(
        status: .badRequest,
        error: "invalid_request",
        code: 900144,
        description: "AADSTS900144: The request body must contain the following parameter: 'client_id'."
    )
    static func unknownClient(_ client: String, tenant: String) -> AADError {
        AADError(
            status: .badRequest,
            error: "unauthorized_client",
            code: 700016,
            description:
                "AADSTS700016: Application with identifier '\(client)' was not found in the directory '\(tenant)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
        )
    }
    static func invalidSecret(_ client: String) -> AADError {
        AADError(
            status: .unauthorized,
            error: "invalid_client",
            code: 7_000_215,
            description:
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(client)'."
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let trace = UUID().uuidString.lowercased()
        let body = JSONValue.object([
            ("error", .string(error)),
            (
                "error_description",
                .string("\(description)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(trace)\r\nTimestamp: \(Timestamp.dotNet(Date()))")
            ),
            ("error_codes", .array([.number(Double(code))])), ("timestamp", .string(Timestamp.dotNet(Date()))), ("trace_id", .string(trace)),
            ("correlation_id", .string(trace)),
        ])
        return .json(body, status: status)
    }
}
