/// A model's view of a JSON object: members matched to keys as Json.NET's `GetClosestMatchProperty` does, each key asked
/// for recorded in the decoder's ``JSONNetMemberScope`` (when members are refused or filtered).
struct JSONNetKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONNetNodeDecoder
    let members: [(String, JSONNode)]

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// A type that lists the keys takes any member (as a dictionary would).
    var allKeys: [Key] {
        decoder.scope?.takesAnyMember = true
        var seen = Set<String>()
        return members.compactMap { seen.insert($0.0).inserted ? Key(stringValue: $0.0) : nil }
    }

    func contains(_ key: Key) -> Bool { found(key.stringValue) != nil }

    /// The member Json.NET would assign to the property `name`; nil when absent or when the member filter hides it.
    private func found(_ name: String) -> (String, JSONNode)? {
        guard decoder.scope?.ask(name) ?? true else { return nil }
        return JSONNode.member(name, in: members)
    }

    /// The member Json.NET would assign to the property `key`, on the path as the JSON spells it.
    private func member(_ key: Key) -> JSONNetNodeDecoder? { found(key.stringValue).map { decoder.child(.member($0.0), $0.1) } }

    /// `EndProcessProperty`'s errors, raised once the object's end is read: on the object's path, after its `}`.
    private func objectError(_ text: String) -> JSONNetError { JSONNetError(text, path: decoder.pathText, at: decoder.node.source?.end) }

    private func required(_ key: Key) throws -> JSONNetNodeDecoder {
        guard let member = member(key) else { throw objectError("Required property '\(key.stringValue)' not found in JSON.") }
        return member
    }

    private func value<T: Decodable>(_: T.Type, _ key: Key) throws -> T {
        let member = try required(key)
        if let value = try member.decodeValue(T.self, declared: T.self) { return value }
        let type = JSONNetTypeName.of(T.self)
        if JSONNetTypeName.isValueType(T.self) { throw member.fail("Error converting value {null} to type '\(type)'.", at: .value) }
        throw objectError("Required property '\(key.stringValue)' expects a value but got null.")
    }

    private func optional<T: Decodable>(_: T.Type, _ key: Key) throws -> T? { try member(key)?.decodeValue(T.self, declared: T?.self) }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let member = member(key) else { return true }
        if case .null = member.node.kind { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try required(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try required(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { superDecoder(named: "super") }
    func superDecoder(forKey key: Key) throws -> any Decoder { superDecoder(named: key.stringValue) }

    private func superDecoder(named name: String) -> JSONNetNodeDecoder {
        let member = found(name)
        return decoder.child(.member(member?.0 ?? name), member?.1 ?? .null)
    }
}
