/// A Json.NET exception (`JsonReaderException` or `JsonSerializationException`) as Azure's resource providers report it.
public struct JSONNetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The complete message, e.g. `Could not convert string to integer: abc. Path 'properties.recommended.vCPUs.min', line 1, position 94.`
    public var message: String
    /// The path the message quotes, from `JsonReader.Path` (`properties.features[0].name`; '' at the root or without a path).
    public var path: String
    /// Where the reader stood (nil without line information): orders errors by their place in the document.
    var position: JSONNode.Position?

    public init(message: String, path: String = "") {
        self.message = message
        self.path = path
    }

    public var description: String { message }

    /// Message and path; the position is in the message already.
    public static func == (a: JSONNetError, b: JSONNetError) -> Bool { a.message == b.message && a.path == b.path }
}

extension JSONNetError {
    /// `Environment.NewLine` on the Windows hosts that run Azure's resource providers; some messages end with it.
    static let newLine = "\r\n"

    /// A message as `JsonPosition.FormatMessage` builds it: the text (given a final period unless it ends with a new line),
    /// `Path '…'`, then `line L, position P` when the reader has line information (nodes built in code have none).
    init(_ text: String, path: String, at position: JSONNode.Position?) {
        var message = text
        if !message.hasSuffix(Self.newLine) {
            if !message.hasSuffix(".") { message += "." }
            message += " "
        }
        message += "Path '\(path)'"
        if let position { message += ", line \(position.line), position \(position.linePosition)" }
        self.init(message: message + ".", path: path)
        self.position = position
    }
}

/// One step of a Json.NET path (`JsonPosition`): a member name or an array index.
enum JSONNetPathComponent: Sendable, Equatable {
    case member(String)
    case index(Int)

    /// Renders a path as `JsonPosition.BuildPath` does: `a.b[0].c`, with names holding special characters as `['odd name']`.
    static func render(_ components: some Sequence<JSONNetPathComponent>) -> String {
        var path = ""
        for component in components {
            switch component {
            case .index(let index): path += "[\(index)]"
            case .member(let name) where name.unicodeScalars.contains(where: isSpecial):
                path += "['" + escaped(name) + "']"
            case .member(let name):
                if !path.isEmpty { path += "." }
                path += name
            }
        }
        return path
    }

    /// `JsonPosition.SpecialCharacters`.
    private static func isSpecial(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", " ", "'", "/", "\"", "[", "]", "(", ")", "\t", "\n", "\r", "\u{0C}", "\u{08}", "\\", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    /// `JavaScriptUtils.WriteEscapedJavaScriptString` with a single-quote delimiter and default escaping.
    private static func escaped(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "\u{08}": out += "\\b"
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\u{85}", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A decoding path kept as a parent-linked list, so that stepping into a member or item costs one small allocation.
final class JSONNetPathLink: Sendable {
    let parent: JSONNetPathLink?
    let component: JSONNetPathComponent

    init(_ parent: JSONNetPathLink?, _ component: JSONNetPathComponent) {
        self.parent = parent
        self.component = component
    }

    /// The components from the root down to this link.
    var components: [JSONNetPathComponent] {
        var result: [JSONNetPathComponent] = []
        var link: JSONNetPathLink? = self
        while let current = link {
            result.append(current.component)
            link = current.parent
        }
        return result.reversed()
    }
}

/// Gives a Swift model the .NET type name Json.NET would quote in its messages: the full name (`Type.ToString()`, e.g.
/// `Microsoft.Azure.Management.Compute.Models.GalleryImage`); messages that print `Type.Name` take the part after the last `.`.
public protocol JSONNetTypeNamed {
    static var jsonNetTypeName: String { get }
}

/// Lets type names see through `Optional`, `Array` and `Dictionary`.
protocol JSONNetOptionalType { static var jsonNetWrappedType: Any.Type { get } }
protocol JSONNetArrayType { static var jsonNetElementType: Any.Type { get } }
protocol JSONNetDictionaryType { static var jsonNetKeyAndValueTypes: (Any.Type, Any.Type) { get } }

extension Optional: JSONNetOptionalType { static var jsonNetWrappedType: Any.Type { Wrapped.self } }
extension Array: JSONNetArrayType { static var jsonNetElementType: Any.Type { Element.self } }
extension Dictionary: JSONNetDictionaryType { static var jsonNetKeyAndValueTypes: (Any.Type, Any.Type) { (Key.self, Value.self) } }

/// The .NET names (`Type.ToString()`) Json.NET's messages give Swift types.
enum JSONNetTypeName {
    /// .NET value types: these have no null, so Json.NET refuses null for them (unlike strings and model classes).
    private static let valueTypes: [ObjectIdentifier: String] = [
        ObjectIdentifier(Bool.self): "System.Boolean", ObjectIdentifier(Double.self): "System.Double",
        ObjectIdentifier(Float.self): "System.Single", ObjectIdentifier(Int.self): "System.Int64",
        ObjectIdentifier(Int8.self): "System.SByte", ObjectIdentifier(Int16.self): "System.Int16",
        ObjectIdentifier(Int32.self): "System.Int32", ObjectIdentifier(Int64.self): "System.Int64",
        ObjectIdentifier(UInt.self): "System.UInt64", ObjectIdentifier(UInt8.self): "System.Byte",
        ObjectIdentifier(UInt16.self): "System.UInt16", ObjectIdentifier(UInt32.self): "System.UInt32",
        ObjectIdentifier(UInt64.self): "System.UInt64",
    ]

    static func isValueType(_ type: Any.Type) -> Bool { valueTypes[ObjectIdentifier(type)] != nil }

    /// `JSONNetTypeNamed` first, then the .NET primitives and collections; other types by their Swift name.
    static func of(_ type: Any.Type) -> String {
        if let named = type as? any JSONNetTypeNamed.Type { return named.jsonNetTypeName }
        if let name = valueTypes[ObjectIdentifier(type)] { return name }
        if type == String.self { return "System.String" }
        if type == Any.self { return "System.Object" }
        if let optional = type as? any JSONNetOptionalType.Type {
            let wrapped = optional.jsonNetWrappedType
            return isValueType(wrapped) ? "System.Nullable`1[\(of(wrapped))]" : of(wrapped)
        }
        if let array = type as? any JSONNetArrayType.Type { return "System.Collections.Generic.List`1[\(of(array.jsonNetElementType))]" }
        if let dictionary = type as? any JSONNetDictionaryType.Type {
            let (key, value) = dictionary.jsonNetKeyAndValueTypes
            return "System.Collections.Generic.Dictionary`2[\(of(key)),\(of(value))]"
        }
        return String(reflecting: type)
    }

    /// `Type.Name` (as "Could not find member" prints it): a `JSONNetTypeNamed` name after its last `.`, else the Swift name.
    static func shortName(of type: Any.Type) -> String {
        guard let named = type as? any JSONNetTypeNamed.Type else { return String(describing: type) }
        let name = named.jsonNetTypeName
        return name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? name
    }
}

// MARK: - Decoding errors

extension JSONNetNodeDecoder {
    /// Where Json.NET's reader stands when it throws.
    enum Site {
        /// After the value, its own path (errors raised once the token is read).
        case value
        /// After the token's first character, the path before the token counts (`Unexpected character … : {.`).
        case token
        /// After the token, the path before it counts (`Cannot read NaN value.`).
        case tokenEnd
        /// After `[` or `{`, the value's own path.
        case opening
        /// After the first member's `:` (Json.NET reads into an object before refusing it).
        case firstMember
    }

    /// What a type needs, as `GetExpectedDescription` words it.
    enum Shape: String {
        case object = #"JSON object (e.g. {"name":"value"})"#
        case array = "JSON array (e.g. [1,2,3])"
        case primitive = "JSON primitive value (e.g. string, number, boolean, null)"
    }

    var pathText: String { JSONNetPathComponent.render(path?.components ?? []) }

    /// The reader's path before this value counts: in an array, the previous index (or the array itself for the first).
    private var pathBeforeValue: String {
        guard let path, case .index(let index) = path.component else { return pathText }
        let parent = path.parent?.components ?? []
        return JSONNetPathComponent.render(index == 0 ? parent : parent + [.index(index - 1)])
    }

    func fail(_ text: String, at site: Site) -> JSONNetError {
        switch site {
        case .value: return JSONNetError(text, path: pathText, at: node.source?.end)
        case .token: return JSONNetError(text, path: pathBeforeValue, at: node.source?.start)
        case .tokenEnd: return JSONNetError(text, path: pathBeforeValue, at: node.source?.end)
        case .opening: return JSONNetError(text, path: pathText, at: node.source?.start)
        case .firstMember:
            guard case .object(let members) = node.kind, let first = members.first else { return fail(text, at: .value) }
            let components = (path?.components ?? []) + [.member(first.0)]
            return JSONNetError(text, path: JSONNetPathComponent.render(components), at: first.1.source?.memberColon)
        }
    }

    /// `ReadAs…` meeting a token it cannot read: `Unexpected character encountered while parsing value: {.`
    func unexpectedToken() -> JSONNetError {
        let character =
            switch node.kind {
            case .array: "["
            case .object: "{"
            case .bool(let value): value ? "t" : "f"
            case .number(let raw): String(raw.prefix(1))
            default: "n"
            }
        return fail("Unexpected character encountered while parsing value: \(character).", at: .token)
    }

    /// The serializer refusing this JSON for `declared`: `CreateObject` and `EnsureArrayContract` for objects and arrays,
    /// `EnsureType` ("Error converting value …") for primitives.
    func mismatch(_ declared: Any.Type, requires shape: Shape) -> JSONNetError {
        let type = JSONNetTypeName.of(declared)
        let newLine = JSONNetError.newLine
        let needed = shape.rawValue
        switch node.kind {
        case .array:
            return fail(
                "Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '\(type)' because the type requires a \(needed) to deserialize "
                    + "correctly.\(newLine)To fix this error either change the JSON to a \(needed) or change the deserialized type to an array or a "
                    + "type that implements a collection interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON "
                    + "array. JsonArrayAttribute can also be added to the type to force it to deserialize from a JSON array.\(newLine)",
                at: .opening
            )
        case .object:
            return fail(
                #"Cannot deserialize the current JSON object (e.g. {"name":"value"}) into type '\#(type)' because the type requires a \#(needed) "#
                    + "to deserialize correctly.\(newLine)To fix this error either change the JSON to a \(needed) or change the deserialized type so "
                    + "that it is a normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) "
                    + "that can be deserialized from a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize "
                    + "from a JSON object.\(newLine)",
                at: .firstMember
            )
        case .null: return fail("Error converting value {null} to type '\(type)'.", at: .value)
        case .bool(let value): return fail("Error converting value \(value ? "True" : "False") to type '\(type)'.", at: .value)
        case .string(let text): return fail("Error converting value \"\(text)\" to type '\(type)'.", at: .value)
        case .number(let raw): return fail("Error converting value \(JSONNetNumber.netText(raw)) to type '\(type)'.", at: .value)
        }
    }
}

/// Values as .NET prints them in "Error converting value …" (`MiscellaneousUtils.ToString`).
extension JSONNetNumber {
    /// A literal as `Read()` takes it, printed.
    static func netText(_ raw: String) -> String {
        switch read(raw) {
        case .integer(let v): String(v)
        case .big(let digits): digits
        case .double(let d): format(d)
        case .invalid: raw
        }
    }

    /// `double.ToString()` on .NET Core 3.0+: the shortest round-trip digits, in scientific notation (`1E+15`, `1E-05`) when
    /// the decimal point would sit beyond max(digits, 15) or more than 4 places before the first digit.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        var digits: [UInt8] = []
        var scale = 0
        var pointSeen = false
        var exponent = ""
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            if inExponent {
                exponent.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "e") {
                inExponent = true
            } else if byte == UInt8(ascii: ".") {
                pointSeen = true
            } else {
                digits.append(byte)
                if !pointSeen { scale += 1 }
            }
        }
        scale += Int(exponent) ?? 0
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            scale -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        let text = String(decoding: digits, as: UTF8.self)
        if scale > Swift.max(digits.count, 15) || scale < -3 {
            let power = scale - 1
            let mantissa = digits.count > 1 ? "\(text.prefix(1)).\(text.dropFirst())" : text
            return sign + mantissa + "E" + (power < 0 ? "-" : "+") + (abs(power) < 10 ? "0" : "") + String(abs(power))
        }
        if scale <= 0 { return sign + "0." + String(repeating: "0", count: -scale) + text }
        if digits.count <= scale { return sign + text + String(repeating: "0", count: scale - digits.count) }
        return sign + text.prefix(scale) + "." + text.dropFirst(scale)
    }
}

/// Text as .NET sees it: UTF-8 decoding (which throws on malformed input) and the `char` classes Json.NET's reader uses.
enum JSONNetText {
    /// Throws what .NET's UTF-8 decoder (`throwOnInvalidBytes`, as ASP.NET's JSON formatters use it) throws for malformed input.
    static func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count, UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let length: Int
            let second: ClosedRange<UInt8>
            switch bytes[i] {
            case 0x00...0x7F: (length, second) = (1, 0...0)
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xE1...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: (length, second) = (0, 0...0)
            }
            var k = 1
            while k < length, i + k < bytes.count, (k == 1 ? second : 0x80...0xBF).contains(bytes[i + k]) { k += 1 }
            guard k == length else {
                let shown = bytes[i..<(i + k)].map { "[" + ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) + "]" }.joined()
                throw JSONNetError(message: "Unable to translate bytes \(shown) at index \(i) from specified code page to Unicode.")
            }
            i += length
        }
    }

    /// The UTF-8 and UTF-16 lengths of the character a (valid) lead byte starts.
    static func length(ofLead byte: UInt8) -> (bytes: Int, units: Int) {
        byte < 0x80 ? (1, 1) : byte < 0xE0 ? (2, 1) : byte < 0xF0 ? (3, 1) : (4, 2)
    }

    /// The character starting at `k` in valid UTF-8.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at k: Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[k])
        let continuation = { (n: Int) in UInt32(bytes[k + n] & 0x3F) }
        let value: UInt32 =
            switch length(ofLead: bytes[k]).bytes {
            case 1: lead
            case 2: (lead & 0x1F) << 6 | continuation(1)
            case 3: (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
            default: (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
            }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// `char.IsWhiteSpace`.
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `char.IsLetterOrDigit`.
    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }

    /// `char.IsNumber`.
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        [.decimalNumber, .letterNumber, .otherNumber].contains(scalar.properties.generalCategory)
    }
}
