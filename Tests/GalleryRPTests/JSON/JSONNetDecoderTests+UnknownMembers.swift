import Testing

@testable import GalleryRP

// `MissingMemberHandling.Error`: JsonSerializerInternalReader.PopulateObject throws "Could not find member '{0}' on object
// of type '{1}'" (objectType.Name) while the reader stands on the PropertyName token, i.e. just after the member's ':'
// (JsonTextReader.ParseProperty consumes it), the path ending with the member name.

private let model = "Microsoft.WindowsAzure.ComputeArtifactPublishing.Service.API.Model"

private struct ArtifactSource: Decodable, JSONNetTypeNamed {
    static let jsonNetTypeName = "\(model).GalleryArtifactVersionSource"
    var id: String?
}
private struct StorageProfile: Decodable, JSONNetTypeNamed {
    static let jsonNetTypeName = "\(model).GalleryImageVersionStorageProfile"
    var source: ArtifactSource?
}
private struct Properties: Decodable, JSONNetTypeNamed {
    static let jsonNetTypeName = "\(model).Properties"
    var storageProfile: StorageProfile?, orchestrationMode: String?
}
private struct Envelope: Decodable { var location: String?, properties: Properties?, tags: [String: String]? }
private struct Item: Decodable { var name: String? }
private struct Holder: Decodable { var a: [Item]? }
private struct Ordered: Decodable { var inner: Item?, count: Int32? }
private struct Free: Decodable { var location: String?, extra: JSONValue?, node: JSONNode? }

/// Reads `properties.id` through a nested container: that object's members are checked under this model's name.
private struct Flat: Decodable {
    enum Keys: String, CodingKey { case properties }
    enum PropertyKeys: String, CodingKey { case id }
    var id: String?

    init(from decoder: any Decoder) throws {
        let properties = try decoder.container(keyedBy: Keys.self).nestedContainer(keyedBy: PropertyKeys.self, forKey: .properties)
        id = try properties.decodeIfPresent(String.self, forKey: .id)
    }
}

private let strict = JSONNetDecoder(rejectingUnknownMembers: true)
/// `orchestrationMode` does not exist on `Properties` (at some api-version).
private let noOrchestrationMode: @Sendable (String, String) -> Bool = { type, member in !(type == "Properties" && member == "orchestrationMode") }

private func decode<T: Decodable>(_ type: T.Type, _ json: String, with decoder: JSONNetDecoder = strict) throws -> T {
    try decoder.decode(type, from: JSONParser.parse(Array(json.utf8)))
}

/// The error decoding `json` fails with; nil when it succeeds.
private func failure<T: Decodable>(_ type: T.Type, _ json: String, with decoder: JSONNetDecoder = strict) -> JSONNetError? {
    do {
        _ = try decode(type, json, with: decoder)
        return nil
    } catch {
        return error as? JSONNetError ?? JSONNetError(message: "not a JSONNetError: \(error)")
    }
}

private func unknown(_ member: String, _ type: String, _ path: String, _ line: Int, _ position: Int) -> JSONNetError {
    JSONNetError(
        message: "Could not find member '\(member)' on object of type '\(type)'. Path '\(path)', line \(line), position \(position).",
        path: path
    )
}

extension JSONNetDecoderTests {
    @Test func unknownMembersAreRefused() {
        let uri = #"{"properties":{"storageProfile":{"source":{"uri":"x"}}}}"#
        #expect(failure(Envelope.self, uri) == unknown("uri", "GalleryArtifactVersionSource", "properties.storageProfile.source.uri", 1, 49))
        // White space: the position is right after the ':', before the white space that follows it.
        let spaced = "{ \"location\": \"westus\", \"extra\" :\t{\"a\":1} }"
        #expect(failure(Envelope.self, spaced) == unknown("extra", "Envelope", "extra", 1, 33))
        let lines = "{\n  \"properties\" : {\n    \"zones\":  [\"1\"]\n  }\n}"
        #expect(failure(Envelope.self, lines) == unknown("zones", "Properties", "properties.zones", 3, 12))
        // Messages that print the full name (`Type.ToString()`) still do.
        #expect(
            failure(Envelope.self, #"{"properties":{"storageProfile":{"source":"abc"}}}"#)?.message
                == "Error converting value \"abc\" to type '\(model).GalleryArtifactVersionSource'. Path 'properties.storageProfile.source', line 1, position 47."
        )
        #expect(JSONNetTypeName.shortName(of: ArtifactSource.self) == "GalleryArtifactVersionSource")
        #expect(JSONNetTypeName.shortName(of: Item.self) == "Item")
    }

    @Test func knownMembersMatchAsJsonNet() throws {
        // GetClosestMatchProperty: exact, then ignoring case; every duplicate matches on its own.
        let body = #"{"PROPERTIES":{"StorageProfile":{"SOURCE":{"ID":"a"}},"orchestrationmode":"x","OrchestrationMode":"y"},"Location":"w"}"#
        let value = try decode(Envelope.self, body)
        #expect(value.properties?.storageProfile?.source?.id == "a")
        #expect(value.properties?.orchestrationMode == "y")
        #expect(value.location == "w")
        // Members asked for but absent, null, or empty are fine.
        #expect(try decode(Envelope.self, #"{"location":null,"properties":{"storageProfile":""}}"#).properties?.storageProfile == nil)
    }

    @Test func unknownMembersInArraysAndNestedContainers() throws {
        #expect(failure(Holder.self, #"{"a":[{"name":"x"},{"b":1}]}"#) == unknown("b", "Item", "a[1].b", 1, 24))
        #expect(failure([Item].self, #"[{"name":"x"},{"name":"y","c":2}]"#) == unknown("c", "Item", "[1].c", 1, 30))
        #expect(try decode(Flat.self, #"{"properties":{"id":"a"}}"#).id == "a")
        #expect(failure(Flat.self, #"{"properties":{"id":"a","x":1}}"#) == unknown("x", "Flat", "properties.x", 1, 28))
    }

    @Test func theFirstUnknownMemberInTheDocumentIsReported() {
        // The nested model is decoded (and checked) before its parent, but Json.NET reads in document order.
        #expect(failure(Envelope.self, #"{"zzz":1,"properties":{"unknownX":1}}"#) == unknown("zzz", "Envelope", "zzz", 1, 7))
        #expect(
            failure(Envelope.self, #"{"properties":{"unknownX":1},"zzz":1}"#) == unknown("unknownX", "Properties", "properties.unknownX", 1, 26)
        )
        // A completed model's unknown member wins over a later error, and loses to an earlier one.
        #expect(failure(Ordered.self, #"{"inner":{"b":1},"count":"x"}"#) == unknown("b", "Item", "inner.b", 1, 14))
        let conversion = JSONNetError(message: "Could not convert string to integer: x. Path 'count', line 1, position 12.", path: "count")
        #expect(failure(Ordered.self, #"{"count":"x","inner":{"b":1}}"#) == conversion)
        // Known limitation: a model's own members are only checked once it is decoded, so an error raised meanwhile wins.
        let late = JSONNetError(message: "Could not convert string to integer: x. Path 'count', line 1, position 20.", path: "count")
        #expect(failure(Ordered.self, #"{"zzz":1,"count":"x"}"#) == late)
    }

    @Test func memberFilterHidesMembers() throws {
        let filtered = JSONNetDecoder(rejectingUnknownMembers: true, memberFilter: noOrchestrationMode)
        let body = #"{"location":"westus","properties":{"storageProfile":{"source":{"id":"i"}},"orchestrationMode":"Uniform"}}"#
        #expect(try decode(Envelope.self, body).properties?.orchestrationMode == "Uniform")
        #expect(failure(Envelope.self, body, with: filtered) == unknown("orchestrationMode", "Properties", "properties.orchestrationMode", 1, 94))
        let multiLine = "{\n  \"properties\" : {\n    \"orchestrationMode\":  \"Flexible\"\n  }\n}"
        #expect(
            failure(Envelope.self, multiLine, with: filtered) == unknown("orchestrationMode", "Properties", "properties.orchestrationMode", 3, 24)
        )
        #expect(try decode(Envelope.self, #"{"properties":{"storageProfile":{}}}"#, with: filtered).properties?.storageProfile != nil)
        // Without refusing, a hidden member reads as absent.
        let lenient = JSONNetDecoder(rejectingUnknownMembers: false, memberFilter: noOrchestrationMode)
        #expect(try decode(Envelope.self, body, with: lenient).properties?.orchestrationMode == nil)
        #expect(try decode(Envelope.self, #"{"x":1,"properties":{"y":2}}"#, with: lenient).properties != nil)
        // Types without a .NET name are asked about under their Swift name.
        let noName = JSONNetDecoder(rejectingUnknownMembers: true) { type, member in !(type == "Item" && member == "name") }
        #expect(try decode(Item.self, "{}", with: noName).name == nil)
        #expect(failure(Item.self, #"{"name":"a"}"#, with: noName) == unknown("name", "Item", "name", 1, 8))
    }

    @Test func whatTakesAnyMember() throws {
        // MissingMemberHandling.Ignore (the default) skips unknown members.
        #expect(try decode(Envelope.self, #"{"zzz":1,"properties":{"unknownX":1}}"#, with: JSONNetDecoder()).properties != nil)
        #expect(try decode(Envelope.self, #"{"zzz":1}"#, with: JSONNetDecoder(rejectingUnknownMembers: false)).location == nil)
        // Dictionaries take any key; JSONNode and JSONValue take any JSON.
        #expect(try decode(Envelope.self, #"{"tags":{"anything":"x","Other":"y"}}"#).tags == ["anything": "x", "Other": "y"])
        #expect(try decode([String: String].self, #"{"a":"1"}"#) == ["a": "1"])
        #expect(try decode([String: Item].self, #"{"k":{"name":"n"}}"#)["k"]?.name == "n")
        #expect(failure([String: Item].self, #"{"k":{"x":"n"}}"#) == unknown("x", "Item", "k.x", 1, 10))
        let free = try decode(Free.self, #"{"extra":{"a":{"b":[1,{"c":2}]}},"node":{"d":{"e":null}}}"#)
        #expect(free.extra == .object([("a", .object([("b", .array([.number(1), .object([("c", .number(2))])]))]))]))
        #expect(free.node?[member: "d"]?[member: "e"] == .null)
        #expect(try decode(JSONValue.self, #"{"any":1}"#) == .object([("any", .number(1))]))
    }

    @Test func errorsCarryTheirPath() throws {
        #expect(failure(Envelope.self, #"{"properties":{"storageProfile":{"source":{"uri":"x"}}}}"#)?.path == "properties.storageProfile.source.uri")
        #expect(failure(Holder.self, #"{"a":[{"name":"x"},{"name":{}}]}"#)?.path == "a[1].name")
        #expect(failure([Int32].self, #"[1,{}]"#)?.path == "[0]")
        #expect(failure(Item.self, "[]")?.path == "")
        #expect(failure([String: [String: Int32]].self, #"{"odd name":{"it's":"x"}}"#)?.path == #"['odd name']['it\'s']"#)
        #expect(failure(Item.self, #"{"name":"a" "b"}"#)?.path == "name")
        #expect(failure(Item.self, "[1,2")?.path == "[1]")
        #expect(failure(Item.self, "")?.path == "")
        #expect(JSONNetError(message: "m").path == "")
        // The parser keeps each member's ':' position with the member's value.
        let node = try JSONParser.parse(Array("{\"a\" : 1,\n \"b\":{\"c\":[]}}".utf8))
        #expect(node[member: "a"]?.source?.memberColon == JSONNode.Position(line: 1, linePosition: 6))
        #expect(node[member: "b"]?[member: "c"]?.source?.memberColon == JSONNode.Position(line: 2, linePosition: 10))
        #expect(node.source?.memberColon == nil)
    }
}
