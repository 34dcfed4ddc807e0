/// What one ``JSONNetDecoder/decode(_:from:)`` call shares between its decoders when it refuses or filters members:
/// the options, and the unknown members of the models decoded so far.
///
/// Json.NET refuses an unknown member as it reads it, in document order. Here a model's members are checked once it is
/// decoded (only then are all the keys it asks for known), so each model's first unknown member is kept, and the earliest
/// in the document is thrown at the end, or instead of a later error thrown meanwhile.
final class JSONNetDecodingContext {
    let rejectsUnknownMembers: Bool
    let memberFilter: (@Sendable (_ typeName: String, _ member: String) -> Bool)?
    /// "Could not find member" errors found so far, one a model (or nested container).
    private var unknownMembers: [JSONNetError] = []

    init(rejectsUnknownMembers: Bool, memberFilter: (@Sendable (String, String) -> Bool)?) {
        self.rejectsUnknownMembers = rejectsUnknownMembers
        self.memberFilter = memberFilter
    }

    /// Decodes the whole document: an unknown member found anywhere is thrown, the one the reader would meet first.
    func decodeDocument<T>(_ body: () throws -> T) throws -> T {
        let value = try weighed(body)
        if let first = Self.earliest(unknownMembers) { throw first }
        return value
    }

    /// Decodes a model reading `scope`'s object, then records that object's unknown members.
    func decodeModel<T>(_ scope: JSONNetMemberScope, _ body: () throws -> T) throws -> T {
        let value = try weighed(body)
        if rejectsUnknownMembers { scope.collectUnknownMembers(into: &unknownMembers) }
        return value
    }

    /// Runs `body`; if it throws, the unknown members recorded meanwhile are dropped (its models were not completed), and
    /// the earliest of them is thrown instead when the reader would meet it before the error.
    private func weighed<T>(_ body: () throws -> T) throws -> T {
        let mark = unknownMembers.count
        do {
            return try body()
        } catch {
            let found = unknownMembers[mark...]
            unknownMembers.removeSubrange(mark...)
            guard let unknown = Self.earliest(found) else { throw error }
            if let position = (error as? JSONNetError)?.position, let unknownPosition = unknown.position, position <= unknownPosition {
                throw error
            }
            throw unknown  // earlier in the document, or (without positions) found first
        }
    }

    /// The error earliest in the document; without positions, the first found.
    private static func earliest(_ errors: some Collection<JSONNetError>) -> JSONNetError? {
        errors.dropFirst().reduce(errors.first) { best, next in
            guard let best, let a = best.position, let b = next.position else { return best }
            return b < a ? next : best
        }
    }
}

/// The keys a model asks of one JSON object (its own, or one it reads through a nested container), to find the members
/// Json.NET would not have matched to any of its properties.
final class JSONNetMemberScope {
    /// The model as "Could not find member … on object of type '…'" names it.
    let typeName: String
    let node: JSONNode
    let path: JSONNetPathLink?
    let filter: (@Sendable (String, String) -> Bool)?
    /// Whether the model read this object through a keyed container (types read otherwise take any JSON).
    var isRead = false
    /// Whether the model listed the keys (`allKeys`), taking any member as a dictionary does.
    var takesAnyMember = false
    /// The keys asked for that the model has (the filter passed them).
    private var asked: [String] = []
    /// Objects the model reads through nested keyed containers.
    private var nested: [JSONNetMemberScope] = []

    init(typeName: String, node: JSONNode, path: JSONNetPathLink?, filter: (@Sendable (String, String) -> Bool)?) {
        self.typeName = typeName
        self.node = node
        self.path = path
        self.filter = filter
    }

    /// Records a key the model asks for; false when the filter says the model has no such member.
    func ask(_ name: String) -> Bool {
        if let filter, !filter(typeName, name) { return false }
        asked.append(name)
        return true
    }

    /// The scope of an object this model reads through a nested container (one per object), under the model's name.
    func nestedScope(_ node: JSONNode, _ path: JSONNetPathLink?) -> JSONNetMemberScope {
        if let existing = nested.first(where: { $0.path === path }) { return existing }
        let scope = JSONNetMemberScope(typeName: typeName, node: node, path: path, filter: filter)
        nested.append(scope)
        return scope
    }

    /// The first member in document order that no asked key matches (`GetClosestMatchProperty`: exact, then ignoring
    /// case), refused as `PopulateObject` does on its `PropertyName` token: the path ends with it, after its `:`; then the
    /// same for the nested containers' objects.
    func collectUnknownMembers(into errors: inout [JSONNetError]) {
        if isRead, !takesAnyMember, case .object(let members) = node.kind,
            let unknown = members.first(where: { member in !asked.contains { JSONNode.equalIgnoringCase($0, member.0) } })
        {
            let (name, value) = unknown
            let path = JSONNetPathComponent.render((self.path?.components ?? []) + [.member(name)])
            errors.append(JSONNetError("Could not find member '\(name)' on object of type '\(typeName)'", path: path, at: value.source?.memberColon))
        }
        for scope in nested { scope.collectUnknownMembers(into: &errors) }
    }
}
