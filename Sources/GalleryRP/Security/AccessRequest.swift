import HTTPTypes

/// What an ARM request asks to do, for role-based authorization: the action (`Microsoft.Compute/galleries/images/write`),
/// the scope it acts on (the resource id, or the container of a list) and the subscription. Resource actions come from
/// the type table's action prefixes.
struct AccessRequest: Equatable {
    var action: String
    var scope: String
    var subscriptionID: String?

    init(action: String, scope: String, subscriptionID: String?) {
        self.action = action
        self.scope = scope
        self.subscriptionID = subscriptionID
    }

    init(method: HTTPRequest.Method, target: ARMTarget) {
        let verb: String
        switch method {
        case .get, .head: verb = "read"
        case .delete: verb = "delete"
        case .post: verb = "action"
        default: verb = "write"
        }
        let subscription = target.subscriptionID
        let subscriptionScope = "/subscriptions/\(subscription ?? "")"
        switch target {
        case .resource(let address):
            self.init(action: "\(address.kind.actionPrefix)/\(verb)", scope: address.id, subscriptionID: subscription)
        case .collection(let kind, .subscription):
            self.init(action: "\(kind.actionPrefix)/read", scope: subscriptionScope, subscriptionID: subscription)
        case .collection(let kind, .resource(let container)):
            self.init(action: "\(kind.actionPrefix)/read", scope: container.id, subscriptionID: subscription)
        case .endpoint(let endpoint, _):
            let action: String
            switch endpoint {
            case .subscriptions, .subscription: action = "Microsoft.Resources/subscriptions/read"
            case .locations: action = "Microsoft.Resources/subscriptions/locations/read"
            case .providers, .provider: action = "Microsoft.Resources/subscriptions/providers/read"
            case .register(let namespace): action = "\(namespace)/register/action"
            case .operationStatus: action = "\(ResourceProvider.compute.namespace)/locations/operations/read"
            case .operationResult: action = "Microsoft.Resources/subscriptions/operationresults/read"
            }
            self.init(action: action, scope: subscription == nil ? "/" : subscriptionScope, subscriptionID: subscription)
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
