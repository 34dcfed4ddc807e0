import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import GalleryRP

/// Strict mode: verified tokens, role assignments, tenant isolation; and the identity endpoints.
@Suite struct StrictModeTests {
    typealias C = ARMTestClient
    static let tenantA = "a1a1a1a1-0000-4000-8000-000000000001"
    static let tenantB = "b2b2b2b2-0000-4000-8000-000000000002"
    static let subA = "5b5b5b5b-0000-4000-8000-000000000001"
    static let subB = "6c6c6c6c-0000-4000-8000-000000000002"
    static let owner = Directory.Principal(
        clientId: "c1c1c1c1-0000-4000-8000-000000000001",
        objectId: "0b0b0b0b-0000-4000-8000-000000000001",
        tenantId: tenantA,
        secret: "owner-secret"
    )
    static let reader = Directory.Principal(
        clientId: "d2d2d2d2-0000-4000-8000-000000000002",
        objectId: "0d0d0d0d-0000-4000-8000-000000000002",
        tenantId: tenantA,
        secret: "reader-secret"
    )
    static let scoped = Directory.Principal(
        clientId: "e3e3e3e3-0000-4000-8000-000000000003",
        objectId: "0e0e0e0e-0000-4000-8000-000000000003",
        tenantId: tenantA,
        secret: "scoped-secret"
    )
    static let foreign = Directory.Principal(
        clientId: "f4f4f4f4-0000-4000-8000-000000000004",
        objectId: "0f0f0f0f-0000-4000-8000-000000000004",
        tenantId: tenantB,
        secret: "foreign-secret"
    )

    static let directory = Directory(
        tenants: [.init(id: tenantA), .init(id: tenantB)],
        subscriptions: [.init(id: subA, tenantId: tenantA, displayName: "A"), .init(id: subB, tenantId: tenantB, displayName: "B")],
        principals: [owner, reader, scoped, foreign],
        roleAssignments: [
            .init(principal: owner.clientId, role: "Owner", scope: "/subscriptions/\(subA)"),
            .init(principal: reader.objectId, role: "Reader", scope: "/subscriptions/\(subA)"),
            .init(principal: scoped.clientId, role: "Contributor", scope: "/subscriptions/\(subA)/resourceGroups/rg-one"),
            .init(principal: foreign.clientId, role: "Owner", scope: "/subscriptions/\(subB)"),
        ],
        externalIssuers: nil
    )

    static func directoryFile(_ directory: Directory = directory) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-directory-\(UUID().uuidString).json").path
        try JSONEncoder().encode(directory).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `body` against a strict-mode service, with a token service holding the same key to mint odd tokens.
    static func withStrictService(
        _ directory: Directory = directory,
        _ body: @escaping @Sendable (ARMTestClient, TokenService) async throws -> Void
    ) async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.authMode = .strict
        configuration.directoryPath = try directoryFile(directory)
        let tokens = try await GalleryRPServer.makeAccessControl(configuration).tokens
        try await withService(configuration: configuration) { c in try await body(c, tokens) }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// Logs in through the token endpoint, as the CLI does.
    static func login(_ c: ARMTestClient, _ p: Directory.Principal, secret: String? = nil, tenant: String? = nil) async throws -> Reply {
        let form =
            "client_id=\(p.clientId)&grant_type=client_credentials&client_secret=\(secret ?? p.secret)&scope=https%3A%2F%2Fmanagement.core.windows.net%2F%2F.default&client_info=1"
        return try await c.send(
            .post,
            "/\(tenant ?? p.tenantId)/oauth2/v2.0/token",
            body: form,
            headers: [.contentType: "application/x-www-form-urlencoded"]
        )
    }

    static func token(_ c: ARMTestClient, _ p: Directory.Principal) async throws -> HTTPFields {
        bearer(try #require(try await login(c, p).string("access_token")))
    }

    @Test func tokenEndpointIssuesVerifiableTokensAndRefusesBadSecrets() async throws {
        try await Self.withStrictService { c, _ in
            let ok = try await Self.login(c, Self.owner)
            #expect(ok.status == .ok)
            #expect(ok.string("token_type") == "Bearer")
            let accessToken = try #require(ok.string("access_token"))
            let claims = try #require(AccessTokenClaims.unverified(accessToken))
            #expect(claims.aud == "https://management.core.windows.net/")
            #expect(claims.iss == "https://sts.windows.net/\(Self.tenantA)/")
            #expect(claims.tid == Self.tenantA && claims.oid == Self.owner.objectId && claims.appid == Self.owner.clientId)
            let wrongSecret = try await Self.login(c, Self.owner, secret: "nope")
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.string("error") == "invalid_client")
            #expect(wrongSecret.string("error_description")?.hasPrefix("AADSTS7000215") == true)
            let wrongTenant = try await Self.login(c, Self.owner, tenant: Self.tenantB)
            #expect(wrongTenant.string("error") == "unauthorized_client")
            let unknownTenant = try await Self.login(c, Self.owner, tenant: "99999999-0000-4000-8000-000000000009")
            #expect(unknownTenant.status == .badRequest)
            #expect(unknownTenant.string("error") == "invalid_tenant")
        }
    }

    @Test func discoveryDocumentsAnswerWithoutAToken() async throws {
        try await Self.withStrictService { c, _ in
            let oidc = try await c.send(.get, "/\(Self.tenantA)/v2.0/.well-known/openid-configuration", headers: [:])
            #expect(oidc.status == .ok)
            #expect(oidc.string("token_endpoint")?.hasSuffix("/\(Self.tenantA)/oauth2/v2.0/token") == true)
            #expect(try await c.send(.get, "/organizations/v2.0/.well-known/openid-configuration", headers: [:]).status == .ok)
            let keys = try await c.send(.get, "/\(Self.tenantA)/discovery/v2.0/keys", headers: [:])
            #expect(keys.string("keys.0.kty") == "RSA")
            let metadata = try await c.send(.get, "/metadata/endpoints?api-version=2022-09-01", headers: [:])
            #expect(metadata.string("authentication.audiences.0") == "https://management.core.windows.net/")
            #expect(metadata.string("resourceManager") != nil)
        }
    }

    @Test func badTokensAreRefusedWithARMCodes() async throws {
        try await Self.withStrictService { c, tokens in
            let url = "\(C.group("rg").replacingOccurrences(of: C.subscription, with: Self.subA))?api-version=2024-11-01"
            let expired = try await tokens.issue(
                for: Self.owner,
                audience: "https://management.core.windows.net/",
                lifetime: 60,
                now: Date().addingTimeInterval(-3600)
            )
            let expiredReply = try await c.send(.get, url, headers: Self.bearer(expired))
            #expect(expiredReply.status == .unauthorized)
            #expect(expiredReply.errorCode == "ExpiredAuthenticationToken")
            #expect(expiredReply.header("WWW-Authenticate") != nil)

            let audience = try await tokens.issue(for: Self.owner, audience: "https://graph.microsoft.com/")
            #expect(try await c.send(.get, url, headers: Self.bearer(audience)).errorCode == "InvalidAuthenticationTokenAudience")

            let valid = try await tokens.issue(for: Self.owner, audience: "https://management.core.windows.net/")
            let parts = valid.split(separator: ".")
            let unsigned = "\(Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URL).\(parts[1])."
            #expect(try await c.send(.get, url, headers: Self.bearer(unsigned)).errorCode == "InvalidAuthenticationToken")
            let tampered = "\(parts[0]).\(parts[1]).\(String(parts[2].reversed()))"
            #expect(try await c.send(.get, url, headers: Self.bearer(tampered)).errorCode == "InvalidAuthenticationToken")
            #expect(try await c.send(.get, url, headers: Self.bearer("opaque-not-a-jwt")).errorCode == "InvalidAuthenticationToken")

            // A token from another issuer's key: not trusted.
            let otherDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-other-\(UUID().uuidString)").path
            let other = try await TokenService.load(dataDirectory: otherDirectory, directory: Self.directory, directoryFileBase: nil)
            let foreignKey = try await other.issue(for: Self.owner, audience: "https://management.core.windows.net/")
            #expect(try await c.send(.get, url, headers: Self.bearer(foreignKey)).errorCode == "InvalidAuthenticationToken")

            // Our key, but a tenant this service does not know.
            var stranger = Self.owner
            stranger.tenantId = "99999999-0000-4000-8000-000000000009"
            let strangerToken = try await tokens.issue(for: stranger, audience: "https://management.core.windows.net/")
            #expect(try await c.send(.get, url, headers: Self.bearer(strangerToken)).errorCode == "InvalidAuthenticationTokenTenant")

            #expect(try await c.send(.get, url, headers: Self.bearer(valid)).errorCode == "ResourceGroupNotFound")
        }
    }

    @Test func readerReadsButCannotWrite() async throws {
        try await Self.withStrictService { c, _ in
            let owner = try await Self.token(c, Self.owner)
            let reader = try await Self.token(c, Self.reader)
            let base = "/subscriptions/\(Self.subA)/resourceGroups/rg-one"
            #expect(try await c.send(.put, "\(base)?api-version=2024-11-01", body: #"{"location":"westus"}"#, headers: owner).status == .created)
            let gallery = "\(base)/providers/Microsoft.Compute/galleries/g"
            try await c.waitForStrict(
                try await c.send(.put, "\(gallery)?api-version=2023-07-03", body: #"{"location":"westus"}"#, headers: owner),
                headers: owner
            )
            #expect(try await c.send(.get, "\(gallery)?api-version=2023-07-03", headers: reader).status == .ok)
            #expect(try await c.send(.get, "\(gallery)/images?api-version=2023-07-03", headers: reader).status == .ok)
            #expect(try await c.send(.get, "/subscriptions/\(Self.subA)/resourcegroups?api-version=2024-11-01", headers: reader).status == .ok)
            let denied = try await c.send(.put, "\(gallery)/images/img?api-version=2023-07-03", body: C.seedImage, headers: reader)
            #expect(denied.status == .forbidden)
            #expect(denied.errorCode == "AuthorizationFailed")
            #expect(
                denied.errorMessage
                    == "The client '\(Self.reader.clientId)' with object id '\(Self.reader.objectId)' does not have authorization to perform action 'Microsoft.Compute/galleries/images/write' over scope '\(gallery)/images/img' or the scope is invalid. If access was recently granted, please refresh your credentials."
            )
            #expect(try await c.send(.patch, "\(gallery)?api-version=2023-07-03", body: #"{"tags":{"a":"b"}}"#, headers: reader).status == .forbidden)
            #expect(try await c.send(.delete, "\(gallery)?api-version=2023-07-03", headers: reader).status == .forbidden)
            #expect(try await c.send(.delete, "\(base)?api-version=2024-11-01", headers: reader).status == .forbidden)
            let after = try await c.send(.get, "\(gallery)?api-version=2023-07-03", headers: reader)
            #expect(after.value("tags") == nil, "a refused request changes nothing")
            #expect(try await c.send(.get, "\(gallery)/images/img?api-version=2023-07-03", headers: owner).status == .notFound)
        }
    }

    @Test func resourceGroupScopeStopsAtItsGroup() async throws {
        try await Self.withStrictService { c, _ in
            let owner = try await Self.token(c, Self.owner)
            let scoped = try await Self.token(c, Self.scoped)
            for rg in ["rg-one", "rg-two"] {
                #expect(
                    try await c.send(
                        .put,
                        "/subscriptions/\(Self.subA)/resourcegroups/\(rg)?api-version=2024-11-01",
                        body: #"{"location":"westus"}"#,
                        headers: owner
                    ).status == .created
                )
            }
            let inScope = try await c.send(
                .put,
                "/subscriptions/\(Self.subA)/resourceGroups/RG-ONE/providers/Microsoft.Compute/galleries/g?api-version=2023-07-03",
                body: #"{"location":"westus"}"#,
                headers: scoped
            )
            #expect(inScope.status == .created, "scopes compare case-insensitively")
            let outOfScope = try await c.send(
                .put,
                "/subscriptions/\(Self.subA)/resourceGroups/rg-two/providers/Microsoft.Compute/galleries/g?api-version=2023-07-03",
                body: #"{"location":"westus"}"#,
                headers: scoped
            )
            #expect(outOfScope.status == .forbidden)
            #expect(
                try await c.send(.get, "/subscriptions/\(Self.subA)/resourceGroups/rg-two?api-version=2024-11-01", headers: scoped).status
                    == .forbidden
            )
            #expect(
                try await c.send(
                    .get,
                    "/subscriptions/\(Self.subA)/resourceGroups/rg-two/providers/Microsoft.Compute/galleries/g?api-version=2023-07-03",
                    headers: owner
                ).status == .notFound
            )
        }
    }

    @Test func tenantsAreIsolated() async throws {
        try await Self.withStrictService { c, _ in
            let owner = try await Self.token(c, Self.owner)
            let foreign = try await Self.token(c, Self.foreign)
            let list = try await c.send(.get, "/subscriptions?api-version=2022-12-01", headers: owner)
            #expect(list.count("value") == 1)
            #expect(list.string("value.0.subscriptionId") == Self.subA)
            #expect(list.string("value.0.tenantId") == Self.tenantA)
            let crossTenant = try await c.send(
                .put,
                "/subscriptions/\(Self.subB)/resourcegroups/rg?api-version=2024-11-01",
                body: #"{"location":"westus"}"#,
                headers: owner
            )
            #expect(crossTenant.status == .unauthorized)
            #expect(crossTenant.errorCode == "InvalidAuthenticationTokenTenant")
            #expect(
                try await c.send(.get, "/subscriptions/\(Self.subB)/resourcegroups/rg?api-version=2024-11-01", headers: foreign).errorCode
                    == "ResourceGroupNotFound"
            )
            let unknown = try await c.send(
                .get,
                "/subscriptions/12345678-0000-4000-8000-000000000000/resourcegroups?api-version=2024-11-01",
                headers: owner
            )
            #expect(unknown.errorCode == "SubscriptionNotFound")
            #expect(
                try await c.send(.get, "/subscriptions/\(Self.subA)/locations?api-version=2022-12-01", headers: owner).string("value.0.name") != nil
            )
        }
    }

    @Test func externalIssuerWithConfiguredJWKSIsTrusted() async throws {
        let otherDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-issuer-\(UUID().uuidString)").path
        let external = try await TokenService.load(dataDirectory: otherDirectory, directory: Self.directory, directoryFileBase: nil)
        let jwksPath = otherDirectory + "/jwks.json"
        try external.jwks().data.write(to: URL(fileURLWithPath: jwksPath))
        var directory = Self.directory
        directory.externalIssuers = [.init(issuer: TokenService.issuer(tenant: Self.tenantA), jwksFile: jwksPath)]
        try await Self.withStrictService(directory) { c, _ in
            let token = try await external.issue(for: Self.owner, audience: "https://management.azure.com/")
            let reply = try await c.send(
                .put,
                "/subscriptions/\(Self.subA)/resourcegroups/ext?api-version=2024-11-01",
                body: #"{"location":"westus"}"#,
                headers: Self.bearer(token)
            )
            #expect(reply.status == .created)
        }
    }

    @Test func accessRequestsNameActionAndScope() throws {
        let image = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i"
        func access(_ method: HTTPRequest.Method, _ path: String) throws -> AccessRequest? {
            try ARMTarget.parse(path: path).map { AccessRequest(method: method, target: $0) }
        }
        #expect(try access(.put, image) == AccessRequest(action: "Microsoft.Compute/galleries/images/write", scope: image, subscriptionID: "s"))
        #expect(
            try access(.get, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images")
                == AccessRequest(
                    action: "Microsoft.Compute/galleries/images/read",
                    scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g",
                    subscriptionID: "s"
                )
        )
        #expect(
            try access(.delete, image + "/versions/1.0.0")
                == AccessRequest(action: "Microsoft.Compute/galleries/images/versions/delete", scope: image + "/versions/1.0.0", subscriptionID: "s")
        )
        #expect(
            try access(.get, image + "/versions")
                == AccessRequest(action: "Microsoft.Compute/galleries/images/versions/read", scope: image, subscriptionID: "s")
        )
        #expect(
            try access(.get, "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/galleries")?.scope
                == "/subscriptions/s/resourceGroups/rg"
        )
        #expect(try access(.delete, "/subscriptions/s/resourcegroups/rg")?.action == "Microsoft.Resources/subscriptions/resourceGroups/delete")
        #expect(
            try access(.get, "/subscriptions/s/providers/Microsoft.Compute/locations/westus/capsOperations/x")?.action
                == "Microsoft.Compute/locations/operations/read"
        )
        #expect(try access(.get, "/healthz") == nil)
        #expect(
            try access(.get, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm") == nil,
            "undeclared types are not ARM targets"
        )
        let reader = [Directory.RoleAssignment(principal: "p", role: "Reader", scope: "/subscriptions/s")]
        #expect(
            AccessRequest(action: "Microsoft.Compute/galleries/read", scope: "/subscriptions/s/resourceGroups/rg", subscriptionID: "s").isAllowed(
                by: reader
            )
        )
        #expect(
            !AccessRequest(action: "Microsoft.Compute/galleries/write", scope: "/subscriptions/s/resourceGroups/rg", subscriptionID: "s").isAllowed(
                by: reader
            )
        )
        #expect(!AccessRequest(action: "Microsoft.Compute/galleries/read", scope: "/subscriptions/s2", subscriptionID: "s2").isAllowed(by: reader))
    }

    @Test func directoryFilesAreChecked() throws {
        var bad = Self.directory
        bad.roleAssignments.append(.init(principal: "nobody", role: "Owner", scope: "/subscriptions/x"))
        #expect(throws: DirectoryError.self) { try bad.validate() }
        var badRole = Self.directory
        badRole.roleAssignments.append(.init(principal: Self.owner.clientId, role: "Janitor", scope: "/subscriptions/x"))
        #expect(throws: DirectoryError.self) { try badRole.validate() }
        #expect(throws: Never.self) { try Directory.default.validate() }
    }
}

extension ARMTestClient {
    /// Polls an operation with the given credentials.
    func waitForStrict(_ reply: Reply, headers: HTTPFields) async throws {
        let url = try #require(reply.header("Azure-AsyncOperation"))
        for _ in 0..<200 {
            if try await send(.get, Self.pathAndQuery(url), headers: headers).string("status") != "InProgress" { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
