import Foundation

/// The identities the service knows: tenants, subscriptions, service principals and their role assignments.
/// Operators declare it in a JSON file (`--directory`); without one, ``Directory/default`` applies.
public struct Directory: Codable, Sendable, Equatable {
    public struct Tenant: Codable, Sendable, Equatable {
        public var id: String
        public var displayName: String?
    }
    public struct Subscription: Codable, Sendable, Equatable {
        public var id: String
        public var tenantId: String
        public var displayName: String?
    }
    public struct Principal: Codable, Sendable, Equatable {
        /// The application (client) id used to log in.
        public var clientId: String
        /// The service principal's object id (`oid` in tokens).
        public var objectId: String
        public var tenantId: String
        public var secret: String
        public var displayName: String?
    }
    public struct RoleAssignment: Codable, Sendable, Equatable {
        /// Client id or object id of the principal.
        public var principal: String
        /// `Owner`, `Contributor` or `Reader`.
        public var role: String
        /// `/subscriptions/{id}`, `…/resourceGroups/{rg}` or a resource id.
        public var scope: String
    }
    /// A token issuer other than this service, trusted in strict mode, with its signing keys.
    public struct ExternalIssuer: Codable, Sendable, Equatable {
        public var issuer: String
        /// Path of a JWKS document (`{"keys":[...]}`), relative to the directory file.
        public var jwksFile: String
    }

    public var tenants: [Tenant]
    public var subscriptions: [Subscription]
    public var principals: [Principal]
    public var roleAssignments: [RoleAssignment]
    public var externalIssuers: [ExternalIssuer]?

    public static let roles = ["Owner", "Contributor", "Reader"]

    /// The published default: one tenant, one subscription, one principal with Owner on it.
    public static let `default` = Directory(
        tenants: [Tenant(id: "a1a1a1a1-0000-4000-8000-000000000001", displayName: "GalleryRP default tenant")],
        subscriptions: [
            Subscription(
                id: "5b5b5b5b-0000-4000-8000-000000000001",
                tenantId: "a1a1a1a1-0000-4000-8000-000000000001",
                displayName: "GalleryRP default subscription"
            )
        ],
        principals: [
            Principal(
                clientId: "c1c1c1c1-0000-4000-8000-000000000001",
                objectId: "0b0b0b0b-0000-4000-8000-000000000001",
                tenantId: "a1a1a1a1-0000-4000-8000-000000000001",
                secret: "galleryrp-dev-secret",
                displayName: "galleryrp-dev"
            )
        ],
        roleAssignments: [
            RoleAssignment(
                principal: "c1c1c1c1-0000-4000-8000-000000000001",
                role: "Owner",
                scope: "/subscriptions/5b5b5b5b-0000-4000-8000-000000000001"
            )
        ],
        externalIssuers: nil
    )

    /// Loads and checks a directory file.
    public static func load(path: String) throws -> Directory {
        let directory = try JSONDecoder().decode(Directory.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        try directory.validate()
        return directory
    }

    /// Rejects references to unknown tenants or principals and unknown roles.
    public func validate() throws {
        let tenantIDs = Set(tenants.map { $0.id.lowercased() })
        for s in subscriptions where !tenantIDs.contains(s.tenantId.lowercased()) {
            throw DirectoryError("subscription \(s.id) names unknown tenant \(s.tenantId)")
        }
        for p in principals where !tenantIDs.contains(p.tenantId.lowercased()) {
            throw DirectoryError("principal \(p.clientId) names unknown tenant \(p.tenantId)")
        }
        for a in roleAssignments {
            guard principal(matching: a.principal) != nil else { throw DirectoryError("role assignment names unknown principal \(a.principal)") }
            guard Self.roles.contains(a.role) else { throw DirectoryError("unknown role \(a.role); use Owner, Contributor or Reader") }
            guard a.scope.lowercased().hasPrefix("/subscriptions/") || a.scope == "/" else {
                throw DirectoryError("scope \(a.scope) must start with /subscriptions/")
            }
        }
    }

    // MARK: Lookups (ids compare case-insensitively)

    public func tenant(_ id: String) -> Tenant? { tenants.first { $0.id.caseInsensitiveCompare(id) == .orderedSame } }
    public func subscription(_ id: String) -> Subscription? { subscriptions.first { $0.id.caseInsensitiveCompare(id) == .orderedSame } }
    public func principal(clientID: String) -> Principal? { principals.first { $0.clientId.caseInsensitiveCompare(clientID) == .orderedSame } }
    public func principal(matching id: String) -> Principal? {
        principals.first { $0.clientId.caseInsensitiveCompare(id) == .orderedSame || $0.objectId.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// Role assignments of the principal with this object id or client id.
    public func assignments(objectID: String?, clientID: String?) -> [RoleAssignment] {
        let ids = [objectID, clientID].compactMap { $0?.lowercased() }
        return roleAssignments.filter { assignment in
            let p = principal(matching: assignment.principal)
            let names = [assignment.principal.lowercased(), p?.objectId.lowercased(), p?.clientId.lowercased()].compactMap { $0 }
            return names.contains { ids.contains($0) }
        }
    }
}

/// A directory file that does not hold together.
public struct DirectoryError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
