import Foundation

/// Properties stored in wire form (``ResourceSchema/wire(_:)``): the bytes of the response's `properties` with every
/// member any api-version shows, in Azure's order, without `provisioningState`. A read answers from them, with the
/// state appended, whenever its api-version shows every member they hold; no decode, no render.
public struct WireForm: Sendable {
    /// Member keys (`"name":`) each supported api-version does not show.
    private let absent: [String: [Data]]
    private let types: [String]

    /// `types`: the wire schema types whose members the stored properties may hold.
    init(types: [String]) {
        self.types = types
        var absent: [String: [Data]] = [:]
        for version in APIVersion.compute { absent[version] = Self.keys(WireSchema.absentMembers(of: types, at: version)) }
        self.absent = absent
    }

    /// Whether the response's `properties` at `apiVersion` are `stored` plus the state: true unless `stored` holds a
    /// member that version does not show (a text that merely looks like one only costs the slow path).
    func answers(_ stored: Data, apiVersion: String) -> Bool {
        let keys = absent[apiVersion] ?? Self.keys(WireSchema.absentMembers(of: types, at: apiVersion))
        return keys.allSatisfy { stored.range(of: $0) == nil }
    }

    /// The response's `properties`: `stored` with `"provisioningState"` as its last member.
    static func properties(_ stored: Data, state: ProvisioningState) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(stored.count + 32)
        out.append(contentsOf: stored.dropLast())
        if stored.count > 2 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: #""provisioningState":""#.utf8)
        out.append(contentsOf: state.rawValue.utf8)
        out.append(contentsOf: #""}"#.utf8)
        return out
    }

    private static func keys(_ members: [String]) -> [Data] {
        members.map { Data("\"\($0)\":".utf8) }
    }
}
