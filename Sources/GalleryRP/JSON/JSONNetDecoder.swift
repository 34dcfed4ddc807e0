/// Decodes `Decodable` models from a ``JSONNode`` the way Json.NET's default `JsonSerializer` fills the equivalent typed
/// .NET models, conversions and refusals alike:
///
/// - `String` reads like `ReadAsString` (numbers as written, `true`/`false`); `Int32`, `Int16` and `UInt8` like
///   `ReadAsInt32`; `Double` and `Float` like `ReadAsDouble`; `Bool` like `ReadAsBoolean`; other integers like `Read()`
///   followed by `Convert.ChangeType` (so `1.5` rounds to 2 and `true` is 1, as for a .NET `long`).
/// - Structs read from objects, member names matched as `GetClosestMatchProperty` does (exact, then ignoring case); other
///   members are ignored, or refused (see ``init(rejectingUnknownMembers:memberFilter:)``). `[T]` reads from arrays,
///   `[String: V]` from objects. `JSONNode` and `JSONValue` take any JSON.
/// - Optionals take null, a missing member, and whatever Json.NET turns into null (`""` for numbers, Booleans and models).
///   A non-optional property is treated as `Required.Always`: missing or null, it fails with Json.NET's message for that.
/// - Every error is a ``JSONNetError`` with Json.NET's message, path and position. Where several members are invalid,
///   the first one the model decodes (declaration order) is reported, where Json.NET reports the first in the document.
public struct JSONNetDecoder: Sendable {
    private let rejectsUnknownMembers: Bool
    private let memberFilter: (@Sendable (_ typeName: String, _ member: String) -> Bool)?

    /// Ignores members the models do not have (`MissingMemberHandling.Ignore`).
    public init() { self.init(rejectingUnknownMembers: false) }

    /// `rejectingUnknownMembers`: `MissingMemberHandling.Error`. Once a model (a type decoded through a keyed container)
    /// is decoded, a member of its object that none of the keys it asked for matches is refused with "Could not find member
    /// '…' on object of type '…'", at the member's `:`. Of several, the first in the document is reported, except that an
    /// error raised while a model is being decoded wins over its own members not yet asked for by then.
    ///
    /// `memberFilter(typeName, key)`, asked for each key a model asks for (`typeName` as that message prints it): false
    /// means the model has no such member (at this api-version): it reads as absent, and is unknown when present.
    public init(rejectingUnknownMembers: Bool, memberFilter: (@Sendable (_ typeName: String, _ member: String) -> Bool)? = nil) {
        self.rejectsUnknownMembers = rejectingUnknownMembers
        self.memberFilter = memberFilter
    }

    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        guard rejectsUnknownMembers || memberFilter != nil else {
            return try JSONNetNodeDecoder(node: node, path: nil, target: T.self).decodeRequired(T.self)
        }
        let context = JSONNetDecodingContext(rejectsUnknownMembers: rejectsUnknownMembers, memberFilter: memberFilter)
        return try context.decodeDocument { try JSONNetNodeDecoder(node: node, path: nil, target: T.self, context: context).decodeRequired(T.self) }
    }
}

extension JSONNode: Decodable {
    /// Takes the JSON as it is (from ``JSONNetDecoder``, with its positions).
    public init(from decoder: any Decoder) throws {
        self = try (decoder as? JSONNetNodeDecoder)?.node ?? JSONNode(JSONValue(from: decoder))
    }
}

/// A decoder standing on one node, with the Json.NET path that leads to it.
struct JSONNetNodeDecoder: Decoder {
    let node: JSONNode
    let path: JSONNetPathLink?
    /// The type being decoded here, as messages about the JSON's shape name it.
    let target: Any.Type
    /// The options and findings of this decoding (nil when members are neither refused nor filtered).
    var context: JSONNetDecodingContext? = nil
    /// The keys asked of this node's object, when a model (or a model's nested container) reads it.
    var scope: JSONNetMemberScope? = nil
    /// The scope of the model this node lies in, for the nested containers that model reads.
    var owner: JSONNetMemberScope? = nil

    var codingPath: [any CodingKey] { path?.components.map(JSONNetCodingKey.init) ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ component: JSONNetPathComponent, _ node: JSONNode) -> JSONNetNodeDecoder {
        JSONNetNodeDecoder(node: node, path: JSONNetPathLink(path, component), target: Any.self, context: context, owner: scope ?? owner)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.kind else { throw mismatch(target, requires: .object) }
        var decoder = self
        if decoder.scope == nil, let owner { decoder.scope = owner.nestedScope(node, path) }
        decoder.scope?.isRead = true
        return KeyedDecodingContainer(JSONNetKeyedContainer<Key>(decoder: decoder, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node.kind else { throw mismatch(target, requires: .array) }
        return JSONNetUnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { JSONNetSingleValueContainer(decoder: self) }
}

// MARK: - Conversions

extension JSONNetNodeDecoder {
    /// Decodes a value that may not be null: the root, array items, dictionary values, single values.
    func decodeRequired<T: Decodable>(_: T.Type) throws -> T {
        if let value = try decodeValue(T.self, declared: T.self) { return value }
        throw fail("Error converting value {null} to type '\(JSONNetTypeName.of(T.self))'.", at: .value)
    }

    /// `T` as Json.NET reads a property of type `declared` (`T` or `T?`); nil where Json.NET ends up with null.
    func decodeValue<T: Decodable>(_: T.Type, declared: Any.Type) throws -> T? {
        if let optional = T.self as? any JSONNetOptionalDecodable.Type { return .some(try optional.jsonNetDecode(self) as! T) }
        switch ObjectIdentifier(T.self) {
        case ObjectIdentifier(JSONNode.self): return (node as! T)
        case ObjectIdentifier(JSONValue.self): return (node.value as! T)
        case ObjectIdentifier(String.self): return try readString() as! T?
        case ObjectIdentifier(Bool.self): return try readBool() as! T?
        case ObjectIdentifier(Double.self): return try readDouble() as! T?
        case ObjectIdentifier(Float.self): return try readDouble().map(Float.init) as! T?
        case ObjectIdentifier(Int32.self): return try readInt32() as! T?
        case ObjectIdentifier(Int16.self): return try readNarrowInt32(Int16.self, declared: declared) as! T?
        case ObjectIdentifier(UInt8.self): return try readNarrowInt32(UInt8.self, declared: declared) as! T?
        default: break
        }
        if let integer = T.self as? any FixedWidthInteger.Type { return try readInteger(integer, declared: declared).map { $0 as! T } }
        switch node.kind {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil  // CoerceEmptyStringToNull: "" is null for a nullable model
        default: break
        }
        var decoder = JSONNetNodeDecoder(node: node, path: path, target: declared, context: context)
        if let dictionary = T.self as? any JSONNetDictionaryDecodable.Type { return (try dictionary.jsonNetDecode(decoder) as! T) }
        guard let context, case .object = node.kind else { return try construct(T.self, decoder, declared: declared) }
        let scope = JSONNetMemberScope(typeName: JSONNetTypeName.shortName(of: T.self), node: node, path: path, filter: context.memberFilter)
        decoder.scope = scope
        return try context.decodeModel(scope) { [decoder] in try construct(T.self, decoder, declared: declared) }
    }

    /// `T(from:)`; a model's own refusal (e.g. an unknown enum raw value) is `EnsureType`'s.
    private func construct<T: Decodable>(_: T.Type, _ decoder: JSONNetNodeDecoder, declared: Any.Type) throws -> T {
        do {
            return try T(from: decoder)
        } catch is DecodingError {
            throw mismatch(declared, requires: .primitive)
        }
    }

    /// `JsonTextReader.ReadAsString` (`ReadStringValue`).
    func readString() throws -> String? {
        switch node.kind {
        case .null: return nil
        case .string(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .number(let raw) where JSONNetNumber.isValidForString(raw): return raw
        case .number(let raw): throw fail("Input string '\(raw)' is not a valid number.", at: .value)
        case .array, .object: throw unexpectedToken()
        }
    }

    /// `ReadAsInt32`: `ReadNumberValue`, `ParseReadNumber` and `ReadInt32String`.
    func readInt32() throws -> Int32? {
        switch node.kind {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .string(let text):
            if let value = JSONNetNumber.integer(text, as: Int32.self) { return value }
            throw fail("Could not convert string to integer: \(text).", at: .value)
        case .number(let raw) where JSONNetNumber.special(raw) != nil: throw fail("Cannot read \(raw) value.", at: .tokenEnd)
        case .number(let raw):
            switch JSONNetNumber.int32(raw) {
            case .value(let value): return Int32(value)
            case .overflow: throw fail("JSON integer \(raw) is too large or small for an Int32.", at: .value)
            case .invalid: throw fail("Input string '\(raw)' is not a valid integer.", at: .value)
            }
        case .bool, .array, .object: throw unexpectedToken()
        }
    }

    /// `ReadAsInt32`, then `EnsureType`'s conversion to a narrower type (`short`, `byte`).
    func readNarrowInt32<I: FixedWidthInteger>(_: I.Type, declared: Any.Type) throws -> I? {
        guard let value = try readInt32() else { return nil }
        if let narrowed = I(exactly: value) { return narrowed }
        throw fail("Error converting value \(value) to type '\(JSONNetTypeName.of(declared))'.", at: .value)
    }

    /// `ReadAsDouble`: `ReadNumberValue`, `ParseReadNumber` and `ReadDoubleString`.
    func readDouble() throws -> Double? {
        switch node.kind {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .string(let text):
            if let value = JSONNetNumber.double(text, allowThousands: true) { return value }
            throw fail("Could not convert string to double: \(text).", at: .value)
        case .number(let raw):
            guard let value = JSONNetNumber.readDouble(raw) else { throw fail("Input string '\(raw)' is not a valid double.", at: .value) }
            return value
        case .bool, .array, .object: throw unexpectedToken()
        }
    }

    /// `ReadAsBoolean`: numbers are true unless zero; text goes through `ReadBooleanString`.
    func readBool() throws -> Bool? {
        switch node.kind {
        case .null: return nil
        case .bool(let value): return value
        case .string(let text) where text.isEmpty: return nil
        case .string(let text):
            guard let value = JSONNetNumber.bool(text) else { throw fail("Could not convert string to boolean: \(text).", at: .value) }
            return value
        case .number("-Infinity"): throw fail("Unexpected character encountered while parsing number: I.", at: .token)
        case .number("NaN"), .number("Infinity"), .array, .object: throw unexpectedToken()
        case .number(let raw):
            switch JSONNetNumber.read(raw) {
            case .integer(let value): return value != 0
            case .big: return true
            case .double(let value): return value != 0
            case .invalid(let message): throw fail(message, at: .value)
            }
        }
    }

    /// `Read()` then `EnsureType` (`Convert.ChangeType`): for the integer types without a typed `ReadAs…` (`long` & co.).
    func readInteger<I: FixedWidthInteger>(_: I.Type, declared: Any.Type) throws -> Any? {
        switch node.kind {
        case .null: return nil
        case .bool(let value): return value ? I(1) : I(0)
        case .string(let text):
            if text.isEmpty && declared is any JSONNetOptionalType.Type { return nil }
            if let value = JSONNetNumber.integer(text, as: I.self) { return value }
        case .number(let raw):
            switch JSONNetNumber.read(raw) {
            case .integer(let value): if let exact = I(exactly: value) { return exact }
            case .big(let digits): if let exact = I(digits) { return exact }
            case .double(let value): if value.isFinite, let exact = I(exactly: value.rounded(.toNearestOrEven)) { return exact }
            case .invalid(let message): throw fail(message, at: .value)
            }
        case .array, .object: break
        }
        throw mismatch(declared, requires: .primitive)
    }
}

/// Lets the decoder treat `T?` as a nullable target rather than going through `Optional`'s own `init(from:)`.
protocol JSONNetOptionalDecodable { static func jsonNetDecode(_ decoder: JSONNetNodeDecoder) throws -> Any }

extension Optional: JSONNetOptionalDecodable where Wrapped: Decodable {
    static func jsonNetDecode(_ decoder: JSONNetNodeDecoder) throws -> Any { try decoder.decodeValue(Wrapped.self, declared: Self.self) as Any }
}

/// `PopulateDictionary` for string keys: members in order, keys exact, the last duplicate wins.
protocol JSONNetDictionaryDecodable { static func jsonNetDecode(_ decoder: JSONNetNodeDecoder) throws -> Any }

extension Dictionary: JSONNetDictionaryDecodable where Key == String, Value: Decodable {
    static func jsonNetDecode(_ decoder: JSONNetNodeDecoder) throws -> Any {
        guard case .object(let members) = decoder.node.kind else { throw decoder.mismatch(decoder.target, requires: .object) }
        var result: [String: Value] = [:]
        result.reserveCapacity(members.count)
        for (name, node) in members { result.updateValue(try decoder.child(.member(name), node).decodeRequired(Value.self), forKey: name) }
        return result
    }
}

struct JSONNetCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
    init(intValue: Int) { (stringValue, self.intValue) = ("Index \(intValue)", intValue) }

    init(_ component: JSONNetPathComponent) {
        switch component {
        case .member(let name): self.init(stringValue: name)
        case .index(let index): self.init(intValue: index)
        }
    }
}

// MARK: - Containers

struct JSONNetUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONNetNodeDecoder
    let items: [JSONNode]
    private(set) var currentIndex = 0

    init(decoder: JSONNetNodeDecoder, items: [JSONNode]) { (self.decoder, self.items) = (decoder, items) }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> JSONNetNodeDecoder {
        guard !isAtEnd else { throw JSONNetError("Unexpected end when deserializing array.", path: decoder.pathText, at: decoder.node.source?.end) }
        defer { currentIndex += 1 }
        return decoder.child(.index(currentIndex), items[currentIndex])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].kind else { return false }
        currentIndex += 1
        return true
    }

    private mutating func item<T: Decodable>(_: T.Type) throws -> T { try next().decodeRequired(T.self) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try item(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try item(type) }
    mutating func decode(_ type: String.Type) throws -> String { try item(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try item(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try item(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try item(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try item(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try item(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try item(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try item(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try item(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try item(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try item(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try item(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try item(type) }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        isAtEnd ? nil : try next().decodeValue(T.self, declared: T?.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct JSONNetSingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONNetNodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.node.kind { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeRequired(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeRequired(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeRequired(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeRequired(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.decodeRequired(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeRequired(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeRequired(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeRequired(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeRequired(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeRequired(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeRequired(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeRequired(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeRequired(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeRequired(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeRequired(type) }
}
