import Foundation

/// What an ARM request addresses, parsed once per request from its path (``ARMRequestMiddleware``) in ARM's grammar:
/// `subscriptions/{s}`, then `resourceGroups/{rg}`, then `providers/{namespace}`, then (type, name) pairs resolved
/// against ``ResourceCatalog``. Keywords match ignoring case; names keep the casing the client sent.
public enum ARMTarget: Sendable {
    /// Where a collection is listed.
    public enum Scope: Sendable {
        case subscription(String)
        case resource(ResourceAddress)

        public var subscriptionID: String {
            switch self {
            case .subscription(let id): return id
            case .resource(let address): return address.subscriptionID
            }
        }
    }

    /// The fixed ARM endpoints around the resources.
    public enum Endpoint: Sendable, Equatable {
        /// `GET /subscriptions`
        case subscriptions
        case subscription
        case locations
        case providers
        case provider(namespace: String)
        case register(namespace: String)
        /// Compute's `…/providers/Microsoft.Compute/locations/{region}/capsOperations/{id}`.
        case operationStatus(id: String)
        /// ARM's `…/operationresults/{id}` (resource-group deletes).
        case operationResult(id: String)
    }

    case resource(ResourceAddress)
    case collection(ResourceKind, Scope)
    /// A fixed endpoint; the subscription is nil only for `GET /subscriptions`.
    case endpoint(Endpoint, subscriptionID: String?)

    public var subscriptionID: String? {
        switch self {
        case .resource(let address): return address.subscriptionID
        case .collection(_, let scope): return scope.subscriptionID
        case .endpoint(_, let subscription): return subscription
        }
    }

    /// The provider whose api-versions apply, and the type its errors name.
    var provider: (provider: ResourceProvider, type: String) {
        switch self {
        case .resource(let address): return (address.kind.provider, address.kind.shortName)
        case .collection(let kind, _): return (kind.provider, kind.shortName)
        case .endpoint(.operationStatus, _): return (.compute, "locations/capsOperations")
        case .endpoint: return (.resources, "subscriptions")
        }
    }

    /// The ARM type the request is about, for metrics and fault rules: a resource's or a list's item type, or the
    /// endpoint's (`Microsoft.Compute/locations/capsOperations` for operation polls).
    public var resourceTypeName: String {
        switch self {
        case .resource(let address): return address.kind.type.rawValue
        case .collection(let kind, _): return kind.type.rawValue
        case .endpoint(let endpoint, _):
            switch endpoint {
            case .operationStatus: return "Microsoft.Compute/locations/capsOperations"
            case .operationResult: return "Microsoft.Resources/operationresults"
            case .subscriptions, .subscription: return "Microsoft.Resources/subscriptions"
            case .locations: return "Microsoft.Resources/locations"
            case .providers, .provider, .register: return "Microsoft.Resources/providers"
            }
        }
    }

    /// Parses a raw (percent-encoded) request path; nil for anything that is not an ARM path the service serves.
    /// Each segment is percent-decoded after splitting, so an encoded `/` stays inside its name.
    public static func parse(path: String) throws -> ARMTarget? {
        // Split on bytes ('/' is ASCII, so every piece starts and ends on a character boundary of `path`).
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { path[$0.startIndex..<$0.endIndex] }
        guard let first = segments.first, first.caseInsensitiveEquals("subscriptions") else { return nil }
        guard segments.count > 1 else { return .endpoint(.subscriptions, subscriptionID: nil) }
        let subscription = try decode(segments[1])
        // Keywords are compared as sent; only names are decoded.
        let rest = segments.dropFirst(2)
        let at = rest.startIndex
        func keyword(_ offset: Int, _ word: String) -> Bool { offset < rest.count && rest[at + offset].caseInsensitiveEquals(word) }
        func name(_ offset: Int) throws -> String { try decode(rest[at + offset]) }
        func endpoint(_ endpoint: Endpoint) -> ARMTarget { .endpoint(endpoint, subscriptionID: subscription) }

        if rest.isEmpty { return endpoint(.subscription) }
        if keyword(0, "locations") && rest.count == 1 { return endpoint(.locations) }
        if keyword(0, "operationresults") && rest.count == 2 { return endpoint(.operationResult(id: try name(1))) }
        if keyword(0, "providers") {
            switch rest.count {
            case 1: return endpoint(.providers)
            case 2: return endpoint(.provider(namespace: try name(1)))
            case 3 where keyword(2, "register"): return endpoint(.register(namespace: try name(1)))
            case 3:
                guard let kind = ResourceCatalog.topLevel(namespace: rest[at + 1], segment: rest[at + 2]), kind.lists.contains(.subscription) else {
                    return nil
                }
                return .collection(kind, .subscription(subscription))
            case 6 where keyword(1, ResourceProvider.compute.namespace) && keyword(2, "locations") && keyword(4, "capsOperations"):
                return endpoint(.operationStatus(id: try name(5)))
            default: return nil
            }
        }
        guard keyword(0, "resourcegroups") else { return nil }
        if rest.count == 1 { return .collection(.resourceGroup, .subscription(subscription)) }
        var names = [try name(1)]
        if rest.count == 2 { return .resource(ResourceAddress(.resourceGroup, subscriptionID: subscription, names: names)) }
        guard keyword(2, "providers"), rest.count >= 5, var kind = ResourceCatalog.topLevel(namespace: rest[at + 3], segment: rest[at + 4]) else {
            return nil
        }
        // type/name[/type/name…][/type], resolved against the declared types below the resource group.
        var offset = 4
        while true {
            guard offset + 1 < rest.count else {
                let container = ResourceAddress(kind.parent ?? .resourceGroup, subscriptionID: subscription, names: names)
                return kind.lists.contains(.parent) ? .collection(kind, .resource(container)) : nil
            }
            names.append(try name(offset + 1))
            offset += 2
            if offset == rest.count { return .resource(ResourceAddress(kind, subscriptionID: subscription, names: names)) }
            guard let child = ResourceCatalog.child(of: kind, segment: rest[at + offset]) else { return nil }
            kind = child
        }
    }

    /// A path segment with its percent-escapes decoded, as ARM decodes names (clients encode characters such as `(`).
    private static func decode(_ segment: Substring) throws -> String {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return String(segment) }
        guard let decoded = segment.removingPercentEncoding else {
            throw ARMError.invalidParameter("The path segment '\(segment)' is not valid percent-encoding.", target: String(segment))
        }
        return decoded
    }
}
