/// Parses a request body as Json.NET's `JsonTextReader` reads it with default settings, in one pass over the UTF-8 bytes.
///
/// Json.NET leniencies accepted: single-quoted strings and property names; unquoted property names (letters, digits, `_`,
/// `$`); `/* */` and `//` comments; trailing commas in arrays and objects; `NaN`, `Infinity`, `-Infinity`; `undefined`
/// (as null); hex (`0x1F`) and octal (`017`) integers; raw control characters and line breaks inside strings; any Unicode
/// white space or NUL between tokens; a UTF-8 byte order mark. Refused although Json.NET takes them: constructors
/// (`new Date(1)`), empty values (`[1,,2]`) and invalid UTF-8 (.NET's request decoder throws on it as well).
///
/// Errors are Json.NET's messages with its path and position. Where the reader's wording depends on the target type (it
/// reads typed values with `ReadAsString` & co.), the untyped `Read()` wording is used; the serializer's wording is used for
/// an unexpected end inside an object or array.
public enum JSONParser {
    /// Json.NET's default `MaxDepth`.
    static let maxDepth = 64

    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONNode {
        if let node = try bytes.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) { return node }
        return try Array(bytes).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> JSONNode {
        try JSONNetText.checkUTF8(buffer)
        var reader = JSONTextReader(buffer)
        return try reader.readDocument()
    }
}

/// The reading state: a cursor over valid UTF-8, the line position in UTF-16 units, and the open containers for paths.
struct JSONTextReader {
    private struct Frame {
        var isArray: Bool
        /// Object: the last property name read. Array: the index of the last value started (Json.NET's `Position`).
        var name: String?
        var index = -1
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var line = 1
    private var lineStart = 0
    /// UTF-8 bytes beyond their UTF-16 length consumed on this line.
    private var wide = 0
    private var frames: [Frame] = []
    /// Whether a token has been read: before that, Json.NET reports line 0 at line position 0.
    private var started = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { (i, lineStart) = (3, 3) }
    }

    mutating func readDocument() throws -> JSONNode {
        try skipWhitespace(comments: true)
        guard i < bytes.count else { throw error("Unexpected end when reading JSON.") }
        let root = try readValue()
        try skipWhitespace(comments: true)
        if i < bytes.count { throw error("Additional text encountered after finished reading JSON content: \(character(at: i)).") }
        return root
    }

    // MARK: Values

    private mutating func readValue() throws -> JSONNode {
        let start = JSONNode.Position(line: line, linePosition: column + 1)
        switch scalar(i) {
        case "\"", "'":
            let text = try readString(quote: bytes[i])
            completeValue()
            return JSONNode(kind: .string(text), source: .init(start: start, end: position))
        case "{": return try readObject(start)
        case "[": return try readArray(start)
        case "t": return try readLiteral("true", .bool(true), "Error parsing boolean value.", start)
        case "f": return try readLiteral("false", .bool(false), "Error parsing boolean value.", start)
        case "n" where i + 1 == bytes.count:
            i += 1
            throw error("Unexpected end when reading JSON.")
        case "n" where bytes[i + 1] == UInt8(ascii: "u"): return try readLiteral("null", .null, "Error parsing null value.", start)
        case "n" where bytes[i + 1] == UInt8(ascii: "e"): throw error("Unexpected content while parsing JSON.")
        case "N": return try readLiteral("NaN", .number("NaN"), "Error parsing NaN value.", start)
        case "I": return try readLiteral("Infinity", .number("Infinity"), "Error parsing Infinity value.", start)
        case "-" where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "I"):
            return try readLiteral("-Infinity", .number("-Infinity"), "Error parsing -Infinity value.", start)
        case "-", ".", "0"..."9": return try readNumber(start)
        case "u": return try readLiteral("undefined", .null, "Error parsing undefined value.", start)
        case "]": throw closingError("EndArray")
        case ")": throw closingError("EndConstructor")
        case ",":
            i += 1
            completeValue()
            throw error("Unexpected character encountered while parsing value: ,.")
        default:
            let parsing = JSONNetText.isNumber(decodedScalar(at: i)) ? "number" : "value"  // ParseValue hands char.IsNumber to ParseNumber
            throw error("Unexpected character encountered while parsing \(parsing): \(character(at: i)).")
        }
    }

    /// `MatchValueWithTrailingSeparator`: the literal, then a separator or the end.
    private mutating func readLiteral(_ text: StaticString, _ kind: JSONNode.Kind, _ failure: String, _ start: JSONNode.Position) throws -> JSONNode {
        let count = text.utf8CodeUnitCount
        guard hasUnits(count) else {
            while i < bytes.count { advance() }
            throw error("Unexpected end when reading JSON.")
        }
        for k in 0..<count where bytes[i + k] != text.utf8Start[k] {
            i += k
            throw error(failure)
        }
        i += count
        if i < bytes.count && !isSeparator(at: i) { throw error(failure) }
        completeValue()
        return JSONNode(kind: kind, source: .init(start: start, end: position))
    }

    /// `ReadNumberIntoBuffer`, then the literal checked as `ParseReadNumber(ReadType.Read)` would.
    private mutating func readNumber(_ start: JSONNode.Position) throws -> JSONNode {
        let begin = i
        scan: while i < bytes.count {
            switch scalar(i) {
            case "-", "+", "a"..."f", "A"..."F", "x", "X", ".", "0"..."9": i += 1
            case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\0", ",", "}", "]", ")", "/": break scan
            case "\u{80}"... where isWhitespace(at: i): break scan
            default: throw error("Unexpected character encountered while parsing number: \(character(at: i)).")
            }
        }
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<i]), as: UTF8.self)
        completeValue()
        if case .invalid(let message) = JSONNetNumber.read(raw) { throw error(message) }
        return JSONNode(kind: .number(raw), source: .init(start: start, end: position))
    }

    /// `ReadStringIntoBuffer`: plain runs are copied in one go; escapes go through a byte buffer.
    private mutating func readString(quote: UInt8) throws -> String {
        i += 1
        var runStart = i
        var buffer: [UInt8] = []
        var escaped = false
        while true {
            guard i < bytes.count else { throw error("Unterminated string. Expected delimiter: \(Character(Unicode.Scalar(quote))).") }
            let byte = bytes[i]
            if byte == quote {
                defer { i += 1 }
                guard escaped else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<i]), as: UTF8.self) }
                buffer.append(contentsOf: bytes[runStart..<i])
                return String(decoding: buffer, as: UTF8.self)
            }
            switch byte {
            case UInt8(ascii: "\\"):
                escaped = true
                buffer.append(contentsOf: bytes[runStart..<i])
                try readEscape(into: &buffer, quote: quote)
                runStart = i
            case UInt8(ascii: "\n"): lineFeed()
            case UInt8(ascii: "\r"): carriageReturn()
            case 0x80...: advance()
            default: i += 1
            }
        }
    }

    private mutating func readEscape(into buffer: inout [UInt8], quote: UInt8) throws {
        i += 1
        guard i < bytes.count else { throw error("Unterminated string. Expected delimiter: \(Character(Unicode.Scalar(quote))).") }
        switch scalar(i) {
        case "b": buffer.append(0x08)
        case "t": buffer.append(0x09)
        case "n": buffer.append(0x0A)
        case "f": buffer.append(0x0C)
        case "r": buffer.append(0x0D)
        case "\\", "\"", "'", "/": buffer.append(bytes[i])
        case "u":
            i += 1
            var unit = try readHexUnit()
            // Json.NET pairs surrogates written as two escapes and puts U+FFFD for any it cannot pair.
            while (0xD800...0xDBFF).contains(unit) {
                guard hasUnits(3), bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    unit = 0xFFFD
                    break
                }
                i += 2
                let next = try readHexUnit()
                if (0xDC00...0xDFFF).contains(next) {
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(next) - 0xDC00)
                    UTF8.encode(Unicode.Scalar(value)!) { buffer.append($0) }
                    return
                }
                UTF8.encode("\u{FFFD}") { buffer.append($0) }
                unit = next
            }
            UTF8.encode(Unicode.Scalar(unit) ?? "\u{FFFD}") { buffer.append($0) }
            return
        default:
            let shown = character(at: i)
            advance()
            throw error("Bad JSON escape sequence: \\\(shown).")
        }
        i += 1
    }

    /// `ParseUnicode`: four hex digits, with Json.NET's check that a character follows them.
    private mutating func readHexUnit() throws -> UInt16 {
        guard hasUnits(5) else { throw error("Unexpected end while parsing Unicode escape sequence.") }
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let digit = JSONNetNumber.hexDigit(bytes[i + k]) else {
                var text = ""
                var j = i
                var units = 0
                while units < 4 {
                    let length = JSONNetText.length(ofLead: bytes[j])
                    text.unicodeScalars.append(decodedScalar(at: j))
                    (j, units) = (j + length.bytes, units + length.units)
                }
                throw error("Invalid Unicode escape sequence: \\u\(text).")
            }
            value = value << 4 | UInt16(digit)
        }
        i += 4
        return value
    }

    // MARK: Containers

    private mutating func readObject(_ start: JSONNode.Position) throws -> JSONNode {
        try push(isArray: false)
        var members: [(String, JSONNode)] = []
        while true {
            try skipWhitespace(comments: true)
            guard i < bytes.count else { throw error("Unexpected end when \(members.isEmpty ? "reading JSON" : "deserializing object").") }
            if bytes[i] == UInt8(ascii: "}") { return close(.object(members), start) }
            let name = try readPropertyName()
            try skipWhitespace(comments: false)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("Invalid character after parsing property name. Expected ':' but got: \(i < bytes.count ? character(at: i) : "\0").")
            }
            i += 1
            frames[frames.count - 1].name = name
            let colon = position
            try skipWhitespace(comments: true)
            guard i < bytes.count else { throw error("Unexpected end when setting \(name)'s value.") }
            var value = try readValue()
            value.source?.memberColon = colon
            members.append((name, value))
            if try atContainerEnd() { return close(.object(members), start) }
        }
    }

    /// `ParseProperty`: a quoted name, or an unquoted JavaScript identifier.
    private mutating func readPropertyName() throws -> String {
        if bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") { return try readString(quote: bytes[i]) }
        guard isIdentifier(at: i) else { throw error("Invalid property identifier character: \(character(at: i)).") }
        let begin = i
        while true {
            guard i < bytes.count else { throw error("Unexpected end while parsing unquoted property name.") }
            if isIdentifier(at: i) {
                advance()
            } else if bytes[i] == UInt8(ascii: ":") || bytes[i] == 0 || isWhitespace(at: i) {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<i]), as: UTF8.self)
            } else {
                throw error("Invalid JavaScript property identifier character: \(character(at: i)).")
            }
        }
    }

    private mutating func readArray(_ start: JSONNode.Position) throws -> JSONNode {
        try push(isArray: true)
        var items: [JSONNode] = []
        while true {
            try skipWhitespace(comments: true)
            guard i < bytes.count else { throw error("Unexpected end when deserializing array.") }
            if bytes[i] == UInt8(ascii: "]") { return close(.array(items), start) }
            items.append(try readValue())
            if try atContainerEnd() { return close(.array(items), start) }
        }
    }

    /// `ParsePostValue` inside a container: true at its closing bracket, false past a comma.
    private mutating func atContainerEnd() throws -> Bool {
        try skipWhitespace(comments: true)
        let isArray = frames[frames.count - 1].isArray
        guard i < bytes.count else { throw error("Unexpected end when deserializing \(isArray ? "array" : "object").") }
        switch scalar(i) {
        case ",":
            i += 1
            return false
        case "]" where isArray, "}" where !isArray: return true
        case "]": throw closingError("EndArray")
        case "}": throw closingError("EndObject")
        case ")": throw closingError("EndConstructor")
        default: throw error("After parsing a value an unexpected character was encountered: \(character(at: i)).")
        }
    }

    /// Json.NET's `Push`: the container counts as the parent array's next item; past `MaxDepth` levels the reader throws.
    private mutating func push(isArray: Bool) throws {
        i += 1
        completeValue()
        frames.append(Frame(isArray: isArray))
        if frames.count > JSONParser.maxDepth { throw error("The reader's MaxDepth of \(JSONParser.maxDepth) has been exceeded.") }
    }

    private mutating func close(_ kind: JSONNode.Kind, _ start: JSONNode.Position) -> JSONNode {
        i += 1
        frames.removeLast()
        return JSONNode(kind: kind, source: .init(start: start, end: position))
    }

    /// `ValidateEnd` for a closing token that does not match the open container (reported after popping it).
    private mutating func closingError(_ token: String) -> JSONNetError {
        i += 1
        let open = frames.popLast().map { $0.isArray ? "Array" : "Object" } ?? "None"
        return error("JsonToken \(token) is not valid for closing JsonType \(open).")
    }

    /// `SetPostValueState(updateIndex: true)`: a value in an array moves its index on.
    private mutating func completeValue() {
        started = true
        if let last = frames.indices.last, frames[last].isArray { frames[last].index += 1 }
    }

    // MARK: White space and comments

    private mutating func skipWhitespace(comments: Bool) throws {
        while i < bytes.count {
            switch scalar(i) {
            case " ", "\t", "\u{0B}", "\u{0C}", "\0": i += 1
            case "\n": lineFeed()
            case "\r": carriageReturn()
            case "/" where comments: try readComment()
            case "\u{80}"... where isWhitespace(at: i): advance()
            default: return
            }
        }
    }

    /// `ParseComment`: `/* … */`, or `// …` up to the line break.
    private mutating func readComment() throws {
        i += 1
        guard hasUnits(2) else { throw error("Unexpected end while parsing comment.") }
        let block = bytes[i] == UInt8(ascii: "*")
        guard block || bytes[i] == UInt8(ascii: "/") else { throw error("Error parsing comment. Expected: *, got \(character(at: i)).") }
        i += 1
        while i < bytes.count {
            switch scalar(i) {
            case "*" where block && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/"):
                i += 2
                started = true
                return
            case "\n" where !block, "\r" where !block:
                started = true
                return
            case "\n": lineFeed()
            case "\r": carriageReturn()
            default: advance()
            }
        }
        guard !block else { throw error("Unexpected end while parsing comment.") }
        started = true
    }

    /// `ProcessCarriageReturn`: CR LF is one line break when a character follows the LF (Json.NET looks one further ahead).
    private mutating func carriageReturn() {
        i += 1
        if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "\n") { i += 1 }
        newLine()
    }

    private mutating func lineFeed() {
        i += 1
        newLine()
    }

    private mutating func newLine() {
        line += 1
        lineStart = i
        wide = 0
    }

    // MARK: Characters

    private var column: Int { i - lineStart - wide }

    private var position: JSONNode.Position { JSONNode.Position(line: line, linePosition: column) }

    private func scalar(_ k: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[k]) }

    /// Moves past one character, counting its UTF-16 units.
    private mutating func advance() {
        let length = JSONNetText.length(ofLead: bytes[i])
        wide += length.bytes - length.units
        i += length.bytes
    }

    /// Whether `count` UTF-16 units remain (Json.NET's `EnsureChars(count - 1)`).
    private func hasUnits(_ count: Int) -> Bool {
        var k = i
        var units = 0
        while units < count {
            guard k < bytes.count else { return false }
            let length = JSONNetText.length(ofLead: bytes[k])
            (k, units) = (k + length.bytes, units + length.units)
        }
        return true
    }

    private func decodedScalar(at k: Int) -> Unicode.Scalar { JSONNetText.scalar(in: bytes, at: k) }

    private func character(at k: Int) -> String { String(decodedScalar(at: k)) }

    private func isWhitespace(at k: Int) -> Bool { JSONNetText.isWhiteSpace(decodedScalar(at: k)) }

    /// `ValidIdentifierChar`: `char.IsLetterOrDigit`, `_` or `$`.
    private func isIdentifier(at k: Int) -> Bool {
        bytes[k] == UInt8(ascii: "_") || bytes[k] == UInt8(ascii: "$") || JSONNetText.isLetterOrDigit(decodedScalar(at: k))
    }

    /// `MatchValueWithTrailingSeparator`'s separators.
    private func isSeparator(at k: Int) -> Bool {
        switch scalar(k) {
        case "}", "]", ",", "\0", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}": true
        case "/": k + 1 < bytes.count && (bytes[k + 1] == UInt8(ascii: "*") || bytes[k + 1] == UInt8(ascii: "/"))
        case "\u{80}"...: isWhitespace(at: k)
        default: false
        }
    }

    /// An error at the reader's position, with the path as Json.NET's `Path` property builds it from the open containers.
    private func error(_ text: String) -> JSONNetError {
        let components = frames.compactMap { frame -> JSONNetPathComponent? in
            frame.isArray ? (frame.index >= 0 ? .index(frame.index) : nil) : frame.name.map { .member($0) }
        }
        let here = !started && column == 0 ? JSONNode.Position(line: 0, linePosition: 0) : position
        return JSONNetError(text, path: JSONNetPathComponent.render(components), at: here)
    }
}
