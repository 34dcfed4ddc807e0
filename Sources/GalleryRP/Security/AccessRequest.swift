import HTTPTypes

/// What an ARM request asks to do, for role-based authorization: the action (`Microsoft.Compute/galleries/images/write`),
/// the scope it acts on (the resource id, or its container for lists) and the subscription.
struct AccessRequest: Equatable {
    var action: String
    var scope: String
    var subscriptionID: String?

    /// Reads the action and scope from the method and path; nil for paths outside `/subscriptions`.
    static func from(method: HTTPRequest.Method, path: String) -> AccessRequest? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let lower = segments.map { $0.lowercased() }
        guard lower.first == "subscriptions" else { return nil }
        let verb: String
        switch method {
        case .get, .head: verb = "read"
        case .delete: verb = "delete"
        case .post: verb = "action"
        default: verb = "write"
        }
        func scope(_ count: Int) -> String { "/" + segments.prefix(count).joined(separator: "/") }
        if segments.count == 1 { return AccessRequest(action: "Microsoft.Resources/subscriptions/read", scope: "/", subscriptionID: nil) }
        let subscription = segments[1]
        let rest = Array(lower.dropFirst(2))
        let subscriptionScope = scope(2)
        switch rest.count {
        case 0: return AccessRequest(action: "Microsoft.Resources/subscriptions/read", scope: subscriptionScope, subscriptionID: subscription)
        case 1 where rest[0] == "locations":
            return AccessRequest(action: "Microsoft.Resources/subscriptions/locations/read", scope: subscriptionScope, subscriptionID: subscription)
        case 1 where rest[0] == "resourcegroups":
            return AccessRequest(action: "Microsoft.Resources/subscriptions/resourceGroups/read", scope: subscriptionScope, subscriptionID: subscription)
        default: break
        }
        if rest.first == "providers" {
            // Subscription-level provider paths: registration reads, Compute lists and operation status.
            if rest.count >= 3, rest[1] == "microsoft.compute", rest[2] == "galleries" {
                return AccessRequest(action: "Microsoft.Compute/galleries/read", scope: subscriptionScope, subscriptionID: subscription)
            }
            if rest.count >= 3, rest[1] == "microsoft.compute", rest[2] == "locations" {
                return AccessRequest(action: "Microsoft.Compute/locations/operations/read", scope: subscriptionScope, subscriptionID: subscription)
            }
            if rest.count == 3, rest[2] == "register" {
                return AccessRequest(action: "\(segments[3])/register/action", scope: subscriptionScope, subscriptionID: subscription)
            }
            return AccessRequest(action: "Microsoft.Resources/subscriptions/providers/read", scope: subscriptionScope, subscriptionID: subscription)
        }
        if rest.first == "operationresults" {
            return AccessRequest(action: "Microsoft.Resources/subscriptions/operationresults/read", scope: subscriptionScope, subscriptionID: subscription)
        }
        guard rest.first == "resourcegroups" else {
            return AccessRequest(action: "Microsoft.Resources/subscriptions/\(verb)", scope: subscriptionScope, subscriptionID: subscription)
        }
        // /subscriptions/{s}/resourceGroups/{rg}[/providers/Microsoft.Compute/galleries[/{g}[/images[/{i}]]]]
        switch lower.count {
        case 4: return AccessRequest(action: "Microsoft.Resources/subscriptions/resourceGroups/\(verb)", scope: scope(4), subscriptionID: subscription)
        case 7: return AccessRequest(action: "Microsoft.Compute/galleries/read", scope: scope(4), subscriptionID: subscription)
        case 8: return AccessRequest(action: "Microsoft.Compute/galleries/\(verb)", scope: scope(8), subscriptionID: subscription)
        case 9: return AccessRequest(action: "Microsoft.Compute/galleries/images/read", scope: scope(8), subscriptionID: subscription)
        default:
            return AccessRequest(action: "Microsoft.Compute/galleries/images/\(verb)", scope: scope(min(lower.count, 10)), subscriptionID: subscription)
        }
    }

    /// Whether role assignments allow this request: Owner and Contributor allow everything, Reader only reads,
    /// each at its scope and below.
    func isAllowed(by assignments: [Directory.RoleAssignment]) -> Bool {
        let target = scope.lowercased()
        let isRead = action.hasSuffix("/read")
        return assignments.contains { assignment in
            let assigned = assignment.scope.lowercased().trimmingSuffix("/")
            let covers = assigned.isEmpty || target == assigned || target.hasPrefix(assigned + "/")
            return covers && (assignment.role != "Reader" || isRead)
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}
