/// A parsed JSON value that keeps what Json.NET's reader saw: number literals as written, members in order (duplicates
/// included) and, for parsed nodes, where the reader stands around the value, so errors can quote Json.NET's positions.
public struct JSONNode: Sendable {
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        /// The literal exactly as written (`1`, `-0.50`, `1e3`, Json.NET's `0x1F`, `NaN`, `Infinity`...).
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in document order, duplicates kept.
        case object([(String, JSONNode)])
    }

    /// A position as Json.NET reports it: 1-based line, and UTF-16 code units consumed on that line.
    public struct Position: Sendable, Hashable, Comparable {
        private var storedLine: Int32
        private var storedLinePosition: Int32

        public var line: Int { Int(storedLine) }
        public var linePosition: Int { Int(storedLinePosition) }

        public init(line: Int, linePosition: Int) {
            storedLine = Int32(truncatingIfNeeded: line)
            storedLinePosition = Int32(truncatingIfNeeded: linePosition)
        }

        public static func < (a: Position, b: Position) -> Bool { (a.storedLine, a.storedLinePosition) < (b.storedLine, b.storedLinePosition) }
    }

    /// Where a parsed value sits in its source.
    public struct Source: Sendable, Hashable {
        /// After the value's first character (where Json.NET stands having read `{`, `[` or a literal's first letter).
        public var start: Position
        /// After the value's last character.
        public var end: Position
        /// An object member's value: after the member's `:`, where Json.NET stands on its `PropertyName` token (kept with
        /// the value rather than its object, so that merged objects keep each member's own position).
        public var memberColon: Position?

        public init(start: Position, end: Position, memberColon: Position? = nil) {
            self.start = start
            self.end = end
            self.memberColon = memberColon
        }
    }

    public var kind: Kind
    /// nil for nodes built in code: their errors carry no line information.
    public var source: Source?

    public init(kind: Kind, source: Source? = nil) {
        self.kind = kind
        self.source = source
    }

    public static let null = JSONNode(kind: .null)
    public static func object(_ members: [(String, JSONNode)]) -> JSONNode { JSONNode(kind: .object(members)) }
    public static func array(_ items: [JSONNode]) -> JSONNode { JSONNode(kind: .array(items)) }
    public static func string(_ text: String) -> JSONNode { JSONNode(kind: .string(text)) }
    public static func number(_ literal: String) -> JSONNode { JSONNode(kind: .number(literal)) }
    public static func bool(_ value: Bool) -> JSONNode { JSONNode(kind: .bool(value)) }
}

extension JSONNode: Equatable {
    /// Structural equality of the JSON (number literals compared as written); source positions are ignored.
    public static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a.kind, b.kind) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0.utf8.elementsEqual($1.0.utf8) && $0.1 == $1.1 }
        default: false
        }
    }
}

extension JSONNode {
    /// A node for a ``JSONValue``: integral numbers below 10^15 are written without a fraction.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self.init(kind: .null)
        case .bool(let b): self.init(kind: .bool(b))
        case .string(let s): self.init(kind: .string(s))
        case .array(let items): self.init(kind: .array(items.map(JSONNode.init)))
        case .object(let members): self.init(kind: .object(members.map { ($0.0, JSONNode($0.1)) }))
        case .serialized(let bytes): self = (try? JSONParser.parse(bytes))?.withoutSource ?? .null
        case .number(let n):
            if n.isNaN {
                self.init(kind: .number("NaN"))
            } else if n.isInfinite {
                self.init(kind: .number(n < 0 ? "-Infinity" : "Infinity"))
            } else if n.rounded() == n, abs(n) < 1e15 {
                self.init(kind: .number(String(Int64(n))))
            } else {
                self.init(kind: .number(String(n)))
            }
        }
    }

    /// The value as a ``JSONValue``, members in order; numbers read as Json.NET reads them (`0x10` is 16).
    public var value: JSONValue {
        switch kind {
        case .null: .null
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.value))
        case .object(let members): .object(members.map { ($0.0, $0.1.value) })
        case .number(let raw):
            switch JSONNetNumber.read(raw) {
            case .integer(let v): .number(Double(v))
            case .big(let digits): .number(Double(digits) ?? .nan)
            case .double(let d): .number(d)
            case .invalid: .number(Double(raw) ?? .nan)
            }
        }
    }

    /// The same JSON with every source position dropped.
    var withoutSource: JSONNode {
        switch kind {
        case .array(let items): JSONNode(kind: .array(items.map(\.withoutSource)))
        case .object(let members): JSONNode(kind: .object(members.map { ($0.0, $0.1.withoutSource) }))
        default: JSONNode(kind: kind)
        }
    }

    /// RFC 7396 JSON merge patch: null members of an object patch remove, object members merge recursively, anything else
    /// replaces. Nodes from the patch keep their positions; of duplicate target members, the last (the one Json.NET keeps) is merged.
    public func merging(patch: JSONNode) -> JSONNode {
        guard case .object(let patchMembers) = patch.kind else { return patch }
        var members: [(String, JSONNode)] = []
        if case .object(let existing) = kind { members = existing }
        for (name, value) in patchMembers {
            let matches = members.indices.filter { members[$0].0.utf8.elementsEqual(name.utf8) }
            if case .null = value.kind {
                members.removeAll { $0.0.utf8.elementsEqual(name.utf8) }
            } else if let last = matches.last {
                members[last].1 = members[last].1.merging(patch: value)
                for index in matches.dropLast().reversed() { members.remove(at: index) }
            } else {
                members.append((name, JSONNode.null.merging(patch: value)))
            }
        }
        return JSONNode(kind: .object(members), source: patch.source)
    }

    /// The member Json.NET's deserialiser would use for a model property `name`: an exact (ordinal) match, else one that
    /// matches ignoring case (`GetClosestMatchProperty`); of duplicates, the last, as later members overwrite earlier ones.
    public subscript(member name: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        return Self.member(name, in: members)?.1
    }

    static func member(_ name: String, in members: [(String, JSONNode)]) -> (String, JSONNode)? {
        if let exact = members.last(where: { $0.0.utf8.elementsEqual(name.utf8) }) { return exact }
        return members.last { equalIgnoringCase($0.0, name) }
    }

    /// `StringComparison.OrdinalIgnoreCase`: scalars compared after simple upper-casing.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        var left = a.unicodeScalars.makeIterator()
        var right = b.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?) where x == y || upper(x) == upper(y): continue
            default: return false
            }
        }
    }

    private static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return ("a"..."z").contains(scalar) ? Unicode.Scalar(UInt8(scalar.value) - 32) : scalar }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }
}

/// How Json.NET and .NET (InvariantCulture) read number literals and numeric or Boolean text: `JsonTextReader.ParseReadNumber`,
/// `ConvertUtils.Int32TryParse`/`Int64TryParse`, `Convert.ToInt64(text, 16 or 8)`, and the `int`/`long`/`double`/`bool` parsers
/// behind `ReadInt32String`, `ReadDoubleString`, `ReadBooleanString` and `Convert.ChangeType`.
enum JSONNetNumber {
    /// What `ParseReadNumber(ReadType.Read)` makes of a literal.
    enum Read: Equatable {
        case integer(Int64)
        /// A `BigInteger`: digits without leading zeros, with their sign.
        case big(String)
        case double(Double)
        case invalid(String)
    }

    enum IntegerRead: Equatable {
        case value(Int64)
        case overflow
        case invalid
    }

    /// The `NaN`, `Infinity` and `-Infinity` literals (checked without hashing: numbers are on the parser's hot path).
    static func special(_ raw: String) -> Double? {
        guard let first = raw.utf8.first, first == UInt8(ascii: "N") || first == UInt8(ascii: "I") || first == UInt8(ascii: "-") else { return nil }
        switch raw {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return nil
        }
    }

    /// `ParseReadNumber(ReadType.Read)`: long, else BigInteger (up to 380 characters), else double.
    static func read(_ raw: String) -> Read {
        if let special = special(raw) { return .double(special) }
        return withBytes(raw) { bytes in
            if let digit = singleDigit(bytes) { return .integer(digit) }
            if isNonBase10(bytes) {
                return radixBits(bytes, max: .max).map { .integer(Int64(bitPattern: $0)) } ?? .invalid("Input string '\(raw)' is not a valid number.")
            }
            switch decimalInteger(bytes, in: Int64.min...Int64.max) {
            case .value(let v): return .integer(v)
            case .overflow where bytes.count > 380: return .invalid("JSON integer \(raw) is too large to parse.")
            case .overflow:
                let negative = bytes[0] == UInt8(ascii: "-")
                let digits = String(decoding: bytes.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "0") }, as: UTF8.self)
                return .big((negative ? "-" : "") + digits)
            case .invalid:
                return double(String(decoding: bytes, as: UTF8.self), allowThousands: false).map(Read.double)
                    ?? .invalid("Input string '\(raw)' is not a valid number.")
            }
        }
    }

    /// `ParseReadNumber(ReadType.ReadAsInt32)` (NaN and infinities are the caller's).
    static func int32(_ raw: String) -> IntegerRead {
        withBytes(raw) { bytes in
            if let digit = singleDigit(bytes) { return .value(digit) }
            guard isNonBase10(bytes) else { return decimalInteger(bytes, in: Int64(Int32.min)...Int64(Int32.max)) }
            return radixBits(bytes, max: UInt64(UInt32.max)).map { .value(Int64(Int32(bitPattern: UInt32($0)))) } ?? .invalid
        }
    }

    /// `ParseReadNumber(ReadType.ReadAsDouble)`.
    static func readDouble(_ raw: String) -> Double? {
        if let special = special(raw) { return special }
        return withBytes(raw) { bytes in
            if let digit = singleDigit(bytes) { return Double(digit) }
            if isNonBase10(bytes) { return radixBits(bytes, max: .max).map { Double(Int64(bitPattern: $0)) } }
            return double(String(decoding: bytes, as: UTF8.self), allowThousands: false)
        }
    }

    /// `ParseReadNumber(ReadType.ReadAsString)` only checks that the literal is a number.
    static func isValidForString(_ raw: String) -> Bool {
        if special(raw) != nil { return true }
        return withBytes(raw) { bytes in
            isNonBase10(bytes) ? radixBits(bytes, max: .max) != nil : double(String(decoding: bytes, as: UTF8.self), allowThousands: false) != nil
        }
    }

    private static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }

    private static func singleDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        bytes.count == 1 && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[0]) ? Int64(bytes[0] - UInt8(ascii: "0")) : nil
    }

    /// Json.NET reads `0…` literals other than `0.…` and `0e…` as hex (`0x`) or octal.
    private static func isNonBase10(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count > 1 && bytes[0] == UInt8(ascii: "0") && ![UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[1])
    }

    /// `Convert.ToInt64`/`ToInt32(text, 16 or 8)`: the unsigned bits, nil when malformed or wider than `max`.
    private static func radixBits(_ bytes: UnsafeBufferPointer<UInt8>, max: UInt64) -> UInt64? {
        let hex = bytes.count > 2 && bytes[1] | 0x20 == UInt8(ascii: "x")
        let radix: UInt64 = hex ? 16 : 8
        var value: UInt64 = 0
        for byte in bytes.dropFirst(hex ? 2 : 0) {
            guard let digit = hexDigit(byte), UInt64(digit) < radix else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            guard !overflow, shifted <= max - UInt64(digit) else { return nil }
            value = shifted + UInt64(digit)
        }
        return value
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `ConvertUtils.Int32TryParse`/`Int64TryParse`: an optional `-`, then digits only; a bad character wins over overflow.
    private static func decimalInteger(_ bytes: UnsafeBufferPointer<UInt8>, in range: ClosedRange<Int64>) -> IntegerRead {
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = bytes.dropFirst(negative ? 1 : 0)
        guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return .invalid }
        var magnitude: Int128 = 0
        for digit in digits where magnitude <= Int128(UInt64.max) { magnitude = magnitude * 10 + Int128(digit - UInt8(ascii: "0")) }
        guard let value = Int64(exactly: negative ? -magnitude : magnitude), range.contains(value) else { return .overflow }
        return .value(value)
    }

    /// .NET white space for number parsing (`\t`…`\r` and space).
    private static func isNumberWhite(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// Trims number white space (and the trailing NULs .NET tolerates).
    private static func trimmed(_ text: String) -> Substring.UTF8View {
        var view = Substring(text).utf8
        while let first = view.first, isNumberWhite(first) { view = view.dropFirst() }
        while let last = view.last, isNumberWhite(last) || last == 0 { view = view.dropLast() }
        return view
    }

    /// `T.Parse(text, NumberStyles.Integer, InvariantCulture)`: white space around, an optional sign, ASCII digits.
    static func integer<T: FixedWidthInteger>(_ text: String, as: T.Type = T.self) -> T? {
        var view = trimmed(text)
        let negative = view.first == UInt8(ascii: "-")
        if negative || view.first == UInt8(ascii: "+") { view = view.dropFirst() }
        guard !view.isEmpty, view.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        var magnitude: Int128 = 0
        for digit in view where magnitude <= Int128(UInt64.max) { magnitude = magnitude * 10 + Int128(digit - UInt8(ascii: "0")) }
        return T(exactly: negative ? -magnitude : magnitude)
    }

    /// `double.TryParse(text, NumberStyles.Float [| AllowThousands], InvariantCulture)`.
    static func double(_ text: String, allowThousands: Bool) -> Double? {
        var view = trimmed(text)
        var sign = ""
        if let first = view.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = first == UInt8(ascii: "-") ? "-" : ""
            view = view.dropFirst()
        }
        switch String(Substring(view)).lowercased() {
        case "infinity": return sign == "-" ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        var integer = ""
        var fraction = ""
        var exponent = ""
        var bytes = view.makeIterator()
        var next = bytes.next()
        while let byte = next, byte &- UInt8(ascii: "0") < 10 || (allowThousands && byte == UInt8(ascii: ",") && !integer.isEmpty) {
            if byte != UInt8(ascii: ",") { integer.unicodeScalars.append(Unicode.Scalar(byte)) }
            next = bytes.next()
        }
        if next == UInt8(ascii: ".") {
            next = bytes.next()
            while let byte = next, byte &- UInt8(ascii: "0") < 10 {
                fraction.unicodeScalars.append(Unicode.Scalar(byte))
                next = bytes.next()
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        if let e = next, e | 0x20 == UInt8(ascii: "e") {
            next = bytes.next()
            if let s = next, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                exponent.unicodeScalars.append(Unicode.Scalar(s))
                next = bytes.next()
            }
            while let byte = next, byte &- UInt8(ascii: "0") < 10 {
                exponent.unicodeScalars.append(Unicode.Scalar(byte))
                next = bytes.next()
            }
            guard exponent.last.map({ $0.isNumber }) == true else { return nil }
        }
        guard next == nil else { return nil }
        return Double("\(sign)\(integer.isEmpty ? "0" : integer).\(fraction.isEmpty ? "0" : fraction)e\(exponent.isEmpty ? "0" : exponent)")
    }

    /// `bool.TryParse`: `true`/`false` ignoring case, then again with white space and NULs trimmed.
    static func bool(_ text: String) -> Bool? {
        func match(_ s: Substring) -> Bool? {
            switch s.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        }
        if let value = match(Substring(text)) { return value }
        let scalars = text.unicodeScalars
        let isTrimmed = { (s: Unicode.Scalar) in s.value == 0 || JSONNetText.isWhiteSpace(s) }
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }), let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return nil }
        return match(Substring(scalars[first...last]))
    }
}
