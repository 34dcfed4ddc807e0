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

    /// Parses a raw (percent-encoded) request path; nil for anything that is not an ARM path the service serves.
    /// Each segment is percent-decoded after splitting, so an encoded `/` stays inside its name.
    public static func parse(path: String) throws -> ARMTarget? {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = raw.first, String(first).caseInsensitiveEquals("subscriptions") else { return nil }
        let segments = try raw.map(decode)
        guard segments.count > 1 else { return .endpoint(.subscriptions, subscriptionID: nil) }
        let subscription = segments[1]
        let rest = Array(segments.dropFirst(2))
        func keyword(_ index: Int, _ word: String) -> Bool { index < rest.count && rest[index].caseInsensitiveEquals(word) }
        func endpoint(_ endpoint: Endpoint) -> ARMTarget { .endpoint(endpoint, subscriptionID: subscription) }

        if rest.isEmpty { return endpoint(.subscription) }
        if keyword(0, "locations") && rest.count == 1 { return endpoint(.locations) }
        if keyword(0, "operationresults") && rest.count == 2 { return endpoint(.operationResult(id: rest[1])) }
        if keyword(0, "providers") {
            switch rest.count {
            case 1: return endpoint(.providers)
            case 2: return endpoint(.provider(namespace: rest[1]))
            case 3 where keyword(2, "register"): return endpoint(.register(namespace: rest[1]))
            case 3:
                guard let kind = ResourceCatalog.topLevel(namespace: rest[1], segment: rest[2]), kind.lists.contains(.subscription) else {
                    return nil
                }
                return .collection(kind, .subscription(subscription))
            case 6 where rest[1].caseInsensitiveEquals(ResourceProvider.compute.namespace) && keyword(2, "locations") && keyword(4, "capsOperations"):
                return endpoint(.operationStatus(id: rest[5]))
            default: return nil
            }
        }
        guard keyword(0, "resourcegroups"), let group = ResourceCatalog.kind(.resourceGroup) else { return nil }
        if rest.count == 1 { return .collection(group, .subscription(subscription)) }
        let groupAddress = ResourceAddress(group, subscriptionID: subscription, names: [rest[1]])
        if rest.count == 2 { return .resource(groupAddress) }
        guard keyword(2, "providers"), rest.count >= 5 else { return nil }
        return resolve(namespace: rest[3], pairs: Array(rest.dropFirst(4)), under: groupAddress)
    }

    /// Resolves `type/name[/type/name…][/type]` below a resource group against the declared types.
    private static func resolve(namespace: String, pairs: [String], under group: ResourceAddress) -> ARMTarget? {
        guard let top = ResourceCatalog.topLevel(namespace: namespace, segment: pairs[0]) else { return nil }
        var kind = top
        var address = group
        var index = 0
        while true {
            guard index + 1 < pairs.count else { return kind.lists.contains(.parent) ? .collection(kind, .resource(address)) : nil }
            address = address.child(kind, named: pairs[index + 1])
            index += 2
            if index == pairs.count { return .resource(address) }
            guard let child = ResourceCatalog.child(of: kind, segment: pairs[index]) else { return nil }
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
