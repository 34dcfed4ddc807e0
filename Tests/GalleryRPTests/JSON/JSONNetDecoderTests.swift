import Testing

@testable import GalleryRP

// Expected messages come from the Json.NET source (JamesNK/Newtonsoft.Json): the function named in each comment builds
// the text, and `JsonPosition.FormatMessage` appends "Path '…', line L, position P." with the reader's position then.

private struct Box<T: Decodable>: Decodable { var v: T? }
private struct Required<T: Decodable>: Decodable { var v: T }

private struct NetRange: Decodable, Equatable { var min: Int32?, max: Int32? }
private struct NetRecommended: Decodable, JSONNetTypeNamed {
    static let jsonNetTypeName = "Microsoft.Azure.Management.Compute.Models.RecommendedMachineConfiguration"
    var vCPUs: NetRange?, memory: NetRange?
}
private struct NetFeature: Decodable, Equatable, JSONNetTypeNamed {
    static let jsonNetTypeName = "Microsoft.Azure.Management.Compute.Models.GalleryImageFeature"
    var name: String?, value: String?
}
private struct NetImageProperties: Decodable {
    var description: String?, recommended: NetRecommended?, features: [NetFeature]?, allowUpdateImage: Bool?, extra: JSONValue?
}
private struct NetResource: Decodable { var location: String?, tags: [String: String]?, properties: NetImageProperties? }
private enum NetOSType: String, Decodable, JSONNetTypeNamed {
    static let jsonNetTypeName = "Microsoft.Azure.Management.Compute.Models.OperatingSystemTypes"
    case Windows, Linux
}
private struct Plain: Decodable {}

private func parse(_ json: String) throws -> JSONNode { try JSONParser.parse(Array(json.utf8)) }
private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T { try JSONNetDecoder().decode(type, from: parse(json)) }

/// The message parsing and decoding `json` as `type` fails with; nil when it succeeds.
private func failure<T: Decodable>(_ type: T.Type, _ json: String) -> String? {
    do {
        _ = try decode(type, json)
        return nil
    } catch let error as JSONNetError {
        return error.message
    } catch {
        return "not a JSONNetError: \(error)"
    }
}

private func parseFailure(_ bytes: [UInt8]) -> String? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return (error as? JSONNetError)?.message ?? "not a JSONNetError: \(error)"
    }
}

/// `JsonSerializerInternalReader.EnsureArrayContract`'s message (Environment.NewLine is "\r\n" on Azure's Windows hosts).
private func arrayRefusal(_ type: String, needs: String, _ location: String) -> String {
    "Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '\(type)' because the type requires a \(needs) to deserialize correctly.\r\n"
        + "To fix this error either change the JSON to a \(needs) or change the deserialized type to an array or a type that implements a collection "
        + "interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON array. JsonArrayAttribute can also be added to the "
        + "type to force it to deserialize from a JSON array.\r\n\(location)"
}

/// `JsonSerializerInternalReader.CreateObject`'s message.
private func objectRefusal(_ type: String, needs: String, _ location: String) -> String {
    #"Cannot deserialize the current JSON object (e.g. {"name":"value"}) into type '\#(type)' because the type requires a \#(needs) to "#
        + "deserialize correctly.\r\nTo fix this error either change the JSON to a \(needs) or change the deserialized type so that it is a "
        + "normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) that can be deserialized from "
        + "a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize from a JSON object.\r\n\(location)"
}

private let jsonObject = #"JSON object (e.g. {"name":"value"})"#
private let jsonArray = "JSON array (e.g. [1,2,3])"
private let jsonPrimitive = "JSON primitive value (e.g. string, number, boolean, null)"
private let featureList = "System.Collections.Generic.List`1[Microsoft.Azure.Management.Compute.Models.GalleryImageFeature]"
private let recommended = "Microsoft.Azure.Management.Compute.Models.RecommendedMachineConfiguration"

@Suite struct JSONNetDecoderTests {
    @Test func quickstartNumbersAsStrings() throws {
        let value = try decode(NetRecommended.self, #"{"vCPUs":{"min":"1","max":"4"}}"#)
        #expect(value.vCPUs == NetRange(min: 1, max: 4))
        // ReadInt32String: int.Parse with NumberStyles.Integer (white space, sign).
        #expect(try decode(Box<Int32>.self, #"{"v":" +42 "}"#).v == 42)
        // The brief's example: the reader stands after the closing quote of "abc".
        let body = #"{"location":"westus2","properties":{"recommended":{"vCPUs":{"min":"abc","max":"4"}}}}"#
        #expect(
            failure(NetResource.self, body)
                == "Could not convert string to integer: abc. Path 'properties.recommended.vCPUs.min', line 1, position 71."
        )
    }

    @Test func stringTargets() throws {
        // JsonTextReader.ReadStringValue: numbers as written (checked by ParseReadNumber), true/false as text, null as null.
        #expect(try decode(Box<String>.self, #"{"v":5}"#).v == "5")
        #expect(try decode(Box<String>.self, #"{"v":-1.50e3}"#).v == "-1.50e3")
        #expect(try decode(Box<String>.self, #"{"v":0x1F}"#).v == "0x1F")
        #expect(try decode(Box<String>.self, #"{"v":true}"#).v == "true")
        #expect(try decode(Box<String>.self, #"{"v":false}"#).v == "false")
        #expect(try decode(Box<String>.self, #"{"v":null}"#).v == nil)
        #expect(try decode(Box<String>.self, #"{"v":NaN}"#).v == "NaN")
        // ReadStringValue's default case: the reader moves past '{' / '[' and throws CreateUnexpectedCharacterException.
        #expect(
            failure(Box<String>.self, #"{"v":{"a":1}}"#)
                == "Unexpected character encountered while parsing value: {. Path 'v', line 1, position 6."
        )
        #expect(failure(Box<String>.self, #"{"v":[1]}"#) == "Unexpected character encountered while parsing value: [. Path 'v', line 1, position 6.")
        // EndProcessProperty (a non-optional property is Required.Always): after the object's '}'.
        #expect(failure(Required<String>.self, #"{}"#) == "Required property 'v' not found in JSON. Path '', line 1, position 2.")
        #expect(failure(Required<String>.self, #"{"v":null}"#) == "Required property 'v' expects a value but got null. Path '', line 1, position 10.")
        #expect(try decode(String.self, "5") == "5")
    }

    @Test func int32Targets() throws {
        #expect(try decode(Box<Int32>.self, #"{"v":"-7"}"#).v == -7)
        #expect(try decode(Box<Int32>.self, #"{"v":""}"#).v == nil)  // ReadInt32String: empty text is null
        #expect(try decode(Box<Int32>.self, #"{"v":-2147483648}"#).v == .min)
        #expect(try decode(Box<Int32>.self, #"{"v":0x10}"#).v == 16)  // ParseReadNumber: Convert.ToInt32(text, 16)
        #expect(try decode(Box<Int32>.self, #"{"v":010}"#).v == 8)  // ... and base 8
        #expect(try decode(Box<Int32>.self, #"{"v":0xFFFFFFFF}"#).v == -1)
        // ReadInt32String.
        #expect(failure(Box<Int32>.self, #"{"v":"abc"}"#) == "Could not convert string to integer: abc. Path 'v', line 1, position 10.")
        #expect(failure(Box<Int32>.self, #"{"v":"1.5"}"#) == "Could not convert string to integer: 1.5. Path 'v', line 1, position 10.")
        // ParseReadNumber(ReadAsInt32) with ConvertUtils.Int32TryParse.
        #expect(failure(Box<Int32>.self, #"{"v":1.5}"#) == "Input string '1.5' is not a valid integer. Path 'v', line 1, position 8.")
        #expect(failure(Box<Int32>.self, #"{"v":1e2}"#) == "Input string '1e2' is not a valid integer. Path 'v', line 1, position 8.")
        #expect(
            failure(Box<Int32>.self, #"{"v":2147483648}"#)
                == "JSON integer 2147483648 is too large or small for an Int32. Path 'v', line 1, position 15."
        )
        // ReadNumberValue's default case, after the first character.
        #expect(failure(Box<Int32>.self, #"{"v":true}"#) == "Unexpected character encountered while parsing value: t. Path 'v', line 1, position 6.")
        #expect(failure(Box<Int32>.self, #"{"v":{}}"#) == "Unexpected character encountered while parsing value: {. Path 'v', line 1, position 6.")
        // ParseNumberNaN(ReadAsInt32).
        #expect(failure(Box<Int32>.self, #"{"v":NaN}"#) == "Cannot read NaN value. Path 'v', line 1, position 8.")
        // EnsureType for a null int (Convert.ChangeType fails); MiscellaneousUtils.ToString(null) is "{null}".
        #expect(
            failure(Required<Int32>.self, #"{"v":null}"#)
                == "Error converting value {null} to type 'System.Int32'. Path 'v', line 1, position 9."
        )
        #expect(failure(Required<Int32>.self, #"{"v":""}"#) == "Error converting value {null} to type 'System.Int32'. Path 'v', line 1, position 7.")
        // Array items: the index counts once the value is read; a token refused before that reports the previous index.
        #expect(failure([Int32].self, #"[1,"x"]"#) == "Could not convert string to integer: x. Path '[1]', line 1, position 6.")
        #expect(failure([Int32].self, #"[1,{}]"#) == "Unexpected character encountered while parsing value: {. Path '[0]', line 1, position 4.")
        #expect(failure([Int32].self, #"[{}]"#) == "Unexpected character encountered while parsing value: {. Path '', line 1, position 2.")
        // ReadAsInt32 then EnsureType's Convert.ChangeType to short.
        let short = #"Error converting value 70000 to type 'System.Nullable`1[System.Int16]'. Path 'v', line 1, position 10."#
        #expect(failure(Box<Int16>.self, #"{"v":70000}"#) == short)
        #expect(try decode(Int32.self, #""42""#) == 42)
    }

    @Test func int64AndOtherIntegerTargets() throws {
        // ReadType.ReadAsInt64 is Read(): EnsureType then converts with Convert.ChangeType (rounding to even, true is 1).
        #expect(try decode(Box<Int64>.self, #"{"v":" 123 "}"#).v == 123)
        #expect(try decode(Box<Int64>.self, #"{"v":1.5}"#).v == 2)
        #expect(try decode(Box<Int64>.self, #"{"v":2.5}"#).v == 2)
        #expect(try decode(Box<Int64>.self, #"{"v":true}"#).v == 1)
        #expect(try decode(Box<Int64>.self, #"{"v":""}"#).v == nil)  // CoerceEmptyStringToNull for long?
        #expect(try decode(Box<UInt64>.self, #"{"v":18446744073709551615}"#).v == .max)  // BigInteger, ConvertUtils.FromBigInteger
        let nullableLong = "System.Nullable`1[System.Int64]"
        #expect(
            failure(Box<Int64>.self, #"{"v":"12x"}"#)
                == "Error converting value \"12x\" to type '\(nullableLong)'. Path 'v', line 1, position 10."
        )
        // double.ToString() on .NET Core 3.0+ prints 1E+20.
        #expect(failure(Box<Int64>.self, #"{"v":1e20}"#) == "Error converting value 1E+20 to type '\(nullableLong)'. Path 'v', line 1, position 9.")
        let big = "Error converting value 99999999999999999999 to type '\(nullableLong)'. Path 'v', line 1, position 25."
        #expect(failure(Box<Int64>.self, #"{"v":99999999999999999999}"#) == big)
        #expect(failure(Required<Int64>.self, #"{"v":""}"#) == "Error converting value \"\" to type 'System.Int64'. Path 'v', line 1, position 7.")
        // CreateList -> EnsureArrayContract for a primitive contract: after '['.
        #expect(failure(Box<Int64>.self, #"{"v":[1]}"#) == arrayRefusal(nullableLong, needs: jsonPrimitive, "Path 'v', line 1, position 6."))
        // CreateObject reads the first property name before refusing: the path names it, the position is after its ':'.
        #expect(failure(Box<Int>.self, #"{"v":{"a":1}}"#) == objectRefusal(nullableLong, needs: jsonPrimitive, "Path 'v.a', line 1, position 10."))
    }

    @Test func doubleTargets() throws {
        // ReadDoubleString: NumberStyles.Float | AllowThousands; ParseReadNumber(ReadAsDouble) for literals.
        #expect(try decode(Box<Double>.self, #"{"v":"1,000.5"}"#).v == 1000.5)
        #expect(try decode(Box<Double>.self, #"{"v":" -2.5e3 "}"#).v == -2500)
        #expect(try decode(Box<Double>.self, #"{"v":7}"#).v == 7)
        #expect(try decode(Box<Double>.self, #"{"v":-Infinity}"#).v == -.infinity)
        #expect(try decode(Box<Double>.self, #"{"v":NaN}"#).v?.isNaN == true)
        #expect(try decode(Box<Float>.self, #"{"v":"1.5"}"#).v == 1.5)
        #expect(try decode(Box<Double>.self, #"{"v":""}"#).v == nil)
        #expect(failure(Box<Double>.self, #"{"v":"abc"}"#) == "Could not convert string to double: abc. Path 'v', line 1, position 10.")
        #expect(
            failure(Box<Double>.self, #"{"v":false}"#)
                == "Unexpected character encountered while parsing value: f. Path 'v', line 1, position 6."
        )
    }

    @Test func boolTargets() throws {
        // ReadBooleanString: bool.TryParse (case-insensitive, trimmed); ReadAsBoolean: numbers are Convert.ToBoolean.
        #expect(try decode(Box<Bool>.self, #"{"v":"true"}"#).v == true)
        #expect(try decode(Box<Bool>.self, #"{"v":" False "}"#).v == false)
        #expect(try decode(Box<Bool>.self, #"{"v":1}"#).v == true)
        #expect(try decode(Box<Bool>.self, #"{"v":2.5}"#).v == true)
        #expect(try decode(Box<Bool>.self, #"{"v":0.0}"#).v == false)
        #expect(try decode(Box<Bool>.self, #"{"v":""}"#).v == nil)
        #expect(try decode(Bool.self, #""TRUE""#))
        #expect(failure(Box<Bool>.self, #"{"v":"yes"}"#) == "Could not convert string to boolean: yes. Path 'v', line 1, position 10.")
        #expect(failure(Box<Bool>.self, #"{"v":[true]}"#) == "Unexpected character encountered while parsing value: [. Path 'v', line 1, position 6.")
        #expect(failure(Box<Bool>.self, #"{"v":NaN}"#) == "Unexpected character encountered while parsing value: N. Path 'v', line 1, position 6.")
    }

    @Test func objectTargets() throws {
        // EnsureType -> ConvertOrCast fails; MiscellaneousUtils.ToString quotes strings, prints True/False and .NET numbers.
        #expect(
            failure(Box<NetRecommended>.self, #"{"v":"abc"}"#)
                == "Error converting value \"abc\" to type '\(recommended)'. Path 'v', line 1, position 10."
        )
        #expect(failure(Box<NetRecommended>.self, #"{"v":5}"#) == "Error converting value 5 to type '\(recommended)'. Path 'v', line 1, position 6.")
        #expect(
            failure(Box<NetRecommended>.self, #"{"v":1.0}"#)
                == "Error converting value 1 to type '\(recommended)'. Path 'v', line 1, position 8."
        )
        #expect(
            failure(Box<NetRecommended>.self, #"{"v":true}"#)
                == "Error converting value True to type '\(recommended)'. Path 'v', line 1, position 9."
        )
        #expect(failure(Box<NetRecommended>.self, #"{"v":[1,2]}"#) == arrayRefusal(recommended, needs: jsonObject, "Path 'v', line 1, position 6."))
        #expect(try decode(Box<NetRecommended>.self, #"{"v":""}"#).v == nil)  // CoerceEmptyStringToNull
        // A model's own refusal (an enum raw value) is EnsureType's: EnumUtils.ParseEnum fails.
        let os = "Microsoft.Azure.Management.Compute.Models.OperatingSystemTypes"
        #expect(failure(Box<NetOSType>.self, #"{"v":"Mac"}"#) == "Error converting value \"Mac\" to type '\(os)'. Path 'v', line 1, position 10.")
        // Unknown members are skipped.
        let skipped = try decode(NetRecommended.self, #"{"unknown":[1,{"x":[null]}],"vCPUs":{"min":1}}"#)
        #expect(skipped.vCPUs == NetRange(min: 1))
        // EndProcessProperty after the nested object's '}'.
        #expect(failure(Box<Required<Int32>>.self, #"{"v":{"x":1}}"#) == "Required property 'v' not found in JSON. Path 'v', line 1, position 12.")
    }

    @Test func memberNamesMatchAsJsonNet() throws {
        // JsonPropertyCollection.GetClosestMatchProperty: exact, then OrdinalIgnoreCase. Paths keep the JSON's spelling.
        #expect(try decode(NetRecommended.self, #"{"VCPUS":{"MIN":"2"}}"#).vCPUs == NetRange(min: 2))
        #expect(
            failure(NetRecommended.self, #"{"VCPUS":{"MIN":"x"}}"#)
                == "Could not convert string to integer: x. Path 'VCPUS.MIN', line 1, position 19."
        )
        #expect(try decode(NetRecommended.self, #"{"vcpus":{"min":1},"vCPUs":{"min":2}}"#).vCPUs == NetRange(min: 2))
        #expect(try decode(NetRecommended.self, #"{"vCPUs":{"min":1},"vCPUs":{"min":3}}"#).vCPUs == NetRange(min: 3))
        let node = try parse(#"{"Name":1,"name":2,"other":3,"OTHER":4}"#)
        #expect(node[member: "name"] == JSONNode(kind: .number("2")))
        #expect(node[member: "Other"] == JSONNode(kind: .number("4")))
        #expect(node[member: "missing"] == nil)
    }

    @Test func arrayTargets() throws {
        #expect(try decode([String].self, #"["a",1,true]"#) == ["a", "1", "true"])
        #expect(try decode([Int32?].self, #"[1,null,""]"#) == [1, nil, nil])
        #expect(
            failure(NetImageProperties.self, #"{"features":{"name":"a"}}"#)
                == objectRefusal(featureList, needs: jsonArray, "Path 'features.name', line 1, position 20.")
        )
        #expect(
            failure(NetImageProperties.self, #"{"features":{}}"#)
                == objectRefusal(featureList, needs: jsonArray, "Path 'features', line 1, position 14.")
        )
        #expect(
            failure(NetImageProperties.self, #"{"features":"x"}"#)
                == "Error converting value \"x\" to type '\(featureList)'. Path 'features', line 1, position 15."
        )
        #expect(
            failure(NetImageProperties.self, #"{"features":5}"#)
                == "Error converting value 5 to type '\(featureList)'. Path 'features', line 1, position 13."
        )
        let nested = #"{"properties":{"features":[{"name":"a"},{"name":{}}]}}"#
        #expect(
            failure(NetResource.self, nested)
                == "Unexpected character encountered while parsing value: {. Path 'properties.features[1].name', line 1, position 49."
        )
    }

    @Test func dictionaryTargets() throws {
        // PopulateDictionary: values read as strings (ReadAsString), keys exact, the last duplicate wins.
        let tags = try decode(NetResource.self, #"{"tags":{"env":"prod","n":1,"b":false,"a":"x","A":"y","d":"1","d":"2"}}"#).tags
        #expect(tags == ["env": "prod", "n": "1", "b": "false", "a": "x", "A": "y", "d": "2"])
        #expect(try decode([String: String?].self, #"{"k":null}"#) == ["k": nil])
        let dictionary = "System.Collections.Generic.Dictionary`2[System.String,System.String]"
        #expect(failure(NetResource.self, #"{"tags":[]}"#) == arrayRefusal(dictionary, needs: jsonObject, "Path 'tags', line 1, position 9."))
        #expect(
            failure(NetResource.self, #"{"tags":"x"}"#)
                == "Error converting value \"x\" to type '\(dictionary)'. Path 'tags', line 1, position 11."
        )
        #expect(
            failure(NetResource.self, #"{"tags":{"a":{}}}"#)
                == "Unexpected character encountered while parsing value: {. Path 'tags.a', line 1, position 14."
        )
        // JsonPosition.WriteTo: names with special characters are written as ['…'], escaped for single quotes.
        let odd = #"Could not convert string to integer: x. Path '['odd name']['it\'s']', line 1, position 23."#
        #expect(failure([String: [String: Int32]].self, #"{"odd name":{"it's":"x"}}"#) == odd)
    }

    @Test func typeNamesAndPaths() {
        #expect(JSONNetTypeName.of(Int32.self) == "System.Int32")
        #expect(JSONNetTypeName.of(String.self) == "System.String")
        #expect(JSONNetTypeName.of(Bool.self) == "System.Boolean")
        #expect(JSONNetTypeName.of([String].self) == "System.Collections.Generic.List`1[System.String]")
        #expect(JSONNetTypeName.of([String: Int32?].self) == "System.Collections.Generic.Dictionary`2[System.String,System.Nullable`1[System.Int32]]")
        #expect(JSONNetTypeName.of(NetFeature?.self) == "Microsoft.Azure.Management.Compute.Models.GalleryImageFeature")
        #expect(JSONNetTypeName.of(Plain.self) == String(reflecting: Plain.self))
        #expect(
            JSONNetPathComponent.render([.member("properties"), .member("features"), .index(0), .member("name")])
                == "properties.features[0].name"
        )
        #expect(JSONNetPathComponent.render([.member("a"), .member("b.c"), .member("tab\there")]) == #"a['b.c']['tab\there']"#)
        // Nodes built in code have no line information: FormatMessage then stops after the path.
        let built = JSONNode(JSONValue.object([("v", .string("x"))]))
        #expect(throws: JSONNetError(message: "Could not convert string to integer: x. Path 'v'.", path: "v")) {
            try JSONNetDecoder().decode(Box<Int32>.self, from: built)
        }
    }

    @Test(arguments: [
        // ParseValue's default case (the untyped Read(): the reader has not moved past the character).
        (#"{"a":x}"#, "Unexpected character encountered while parsing value: x. Path 'a', line 1, position 5."),
        // JsonTextReader.LineNumber is 0 while the reader is at its start with line position 0.
        ("x", "Unexpected character encountered while parsing value: x. Path '', line 0, position 0."),
        // ReadStringIntoBuffer.
        (#"{"a":"abc"#, "Unterminated string. Expected delimiter: \". Path 'a', line 1, position 9."),
        (#"{"a":"\q"}"#, #"Bad JSON escape sequence: \q. Path 'a', line 1, position 8."#),
        // ConvertUnicode / ParseUnicode.
        (#"{"a":"\u12G4"}"#, #"Invalid Unicode escape sequence: \u12G4. Path 'a', line 1, position 8."#),
        (#"{"a":"\u12"#, "Unexpected end while parsing Unicode escape sequence. Path 'a', line 1, position 8."),
        // ParseProperty / ReadUnquotedPropertyReportIfDone; after a comma the path still names the previous property.
        (#"{"a":1,@}"#, "Invalid property identifier character: @. Path 'a', line 1, position 7."),
        (#"{@}"#, "Invalid property identifier character: @. Path '', line 1, position 1."),
        (#"{ab-c:1}"#, "Invalid JavaScript property identifier character: -. Path '', line 1, position 3."),
        (#"{"a" 1}"#, "Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5."),
        // ParsePostValue.
        (#"{"a":1 "b":2}"#, "After parsing a value an unexpected character was encountered: \". Path 'a', line 1, position 7."),
        // Read() in State.Finished.
        (#"{"a":1} x"#, "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 8."),
        // JsonSerializerInternalReader: PopulateObject, PopulateList, "Unexpected end when setting {0}'s value.", CreateObject's ReadAndAssert.
        (#"{"a":1"#, "Unexpected end when deserializing object. Path 'a', line 1, position 6."),
        (#"{"a":1,"#, "Unexpected end when deserializing object. Path 'a', line 1, position 7."),
        ("[1,2", "Unexpected end when deserializing array. Path '[1]', line 1, position 4."),
        ("[", "Unexpected end when deserializing array. Path '', line 1, position 1."),
        (#"{"a":"#, "Unexpected end when setting a's value. Path 'a', line 1, position 5."),
        ("{", "Unexpected end when reading JSON. Path '', line 1, position 1."),
        ("", "Unexpected end when reading JSON. Path '', line 0, position 0."),
        // ParseTrue / ParseNull (MatchValueWithTrailingSeparator).
        (#"{"a":tru}"#, "Error parsing boolean value. Path 'a', line 1, position 8."),
        (#"{"a":truex}"#, "Error parsing boolean value. Path 'a', line 1, position 9."),
        (#"{"a":nul}"#, "Error parsing null value. Path 'a', line 1, position 8."),
        // ReadNumberIntoBuffer and ParseReadNumber(ReadType.Read).
        (#"{"a":1.2.3}"#, "Input string '1.2.3' is not a valid number. Path 'a', line 1, position 10."),
        ("[1,09]", "Input string '09' is not a valid number. Path '[1]', line 1, position 5."),
        (#"{"a":12a!}"#, "Unexpected character encountered while parsing number: !. Path 'a', line 1, position 8."),
        // ValidateEnd, reported after the container is popped.
        ("[1}", "JsonToken EndObject is not valid for closing JsonType Array. Path '', line 1, position 3."),
        (#"{"a":]"#, "JsonToken EndArray is not valid for closing JsonType Object. Path '', line 1, position 6."),
        // ParseComment.
        (#"{"a":1 /x}"#, "Error parsing comment. Expected: *, got x. Path 'a', line 1, position 8."),
        (#"{"a":1 /* x"#, "Unexpected end while parsing comment. Path 'a', line 1, position 11."),
        // ProcessValueComma: an empty value counts as an item before the reader refuses it.
        ("[1,,2]", "Unexpected character encountered while parsing value: ,. Path '[1]', line 1, position 4."),
    ])
    func syntaxErrors(json: String, message: String) {
        #expect(parseFailure(Array(json.utf8)) == message)
    }

    @Test func leniencies() throws {
        let text = "{'a':'b', c_$1: /*x*/ [1,2,], // end\n \"d\": NaN, \"e\": -Infinity, \"f\": 0x1F, \"g\": undefined,"
        let node = try parse(text + "\u{A0}\"h\":\"tab\there\",}")
        let expected: JSONValue = .object([
            ("a", .string("b")), ("c_$1", .array([.number(1), .number(2)])), ("d", .number(.nan)), ("e", .number(-.infinity)),
            ("f", .number(31)), ("g", .null), ("h", .string("tab\there")),
        ])
        #expect(node.value.serialized() == expected.serialized())
        #expect(node[member: "f"] == JSONNode(kind: .number("0x1F")))
        #expect(try parse(#"["\ud83d\ude00", "\ud800x"]"#).value == .array([.string("😀"), .string("\u{FFFD}x")]))
    }

    @Test func positionsOnMultiLineBodies() {
        // Lines are 1-based; the position counts UTF-16 units on the line; CR LF is one line break.
        #expect(failure(Box<Int32>.self, "{\n  \"v\": \"abc\"\n}") == "Could not convert string to integer: abc. Path 'v', line 2, position 12.")
        #expect(
            failure(Box<Int32>.self, "{\r\n  \"a\": 1,\r\n  \"v\": \"abc\"\r\n}")
                == "Could not convert string to integer: abc. Path 'v', line 3, position 12."
        )
        #expect(
            failure(Box<Int32>.self, "{\"a\": \"x\ny\", \"v\": []}")
                == "Unexpected character encountered while parsing value: [. Path 'v', line 2, position 10."
        )
        // ProcessCarriageReturn only takes the LF with the CR when a character follows it.
        #expect(parseFailure(Array("{\"a\":1\r\n".utf8)) == "Unexpected end when deserializing object. Path 'a', line 3, position 0.")
    }

    @Test func nonASCIICharactersCountInPositions() {
        // "héllo wörld 😀" is 14 UTF-16 units (the emoji is a surrogate pair), 19 UTF-8 bytes.
        #expect(
            failure(Box<Int32>.self, #"{"d":"héllo wörld 😀","v":"x"}"#)
                == "Could not convert string to integer: x. Path 'v', line 1, position 29."
        )
        #expect(
            failure(Box<Int32>.self, "{\"d\":\"ü\",\n\"ü\":1, \"v\":\"x\"}")
                == "Could not convert string to integer: x. Path 'v', line 2, position 14."
        )
        // A UTF-8 byte order mark is not a character of the text.
        #expect(
            parseFailure([0xEF, 0xBB, 0xBF] + Array(#"{"v":x}"#.utf8))
                == "Unexpected character encountered while parsing value: x. Path 'v', line 1, position 5."
        )
    }

    @Test func deepNestingIsRefused() throws {
        // JsonReader.Push: MaxDepth 64 (the JsonSerializer default).
        _ = try JSONParser.parse(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8))
        let path = String(repeating: "[0]", count: 64)
        let arrays = String(repeating: "[", count: 65)
        #expect(parseFailure(Array(arrays.utf8)) == "The reader's MaxDepth of 64 has been exceeded. Path '\(path)', line 1, position 65.")
        let objects = String(repeating: #"{"a":"#, count: 65)
        let names = Array(repeating: "a", count: 64).joined(separator: ".")
        #expect(parseFailure(Array(objects.utf8)) == "The reader's MaxDepth of 64 has been exceeded. Path '\(names)', line 1, position 321.")
    }

    @Test func invalidUTF8IsRefused() {
        // What .NET's UTF8Encoding(throwOnInvalidBytes: true) throws (DecoderFallbackException).
        #expect(
            parseFailure([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])
                == "Unable to translate bytes [C3] at index 6 from specified code page to Unicode."
        )
        #expect(parseFailure([0x80]) == "Unable to translate bytes [80] at index 0 from specified code page to Unicode.")
        #expect(parseFailure([0x22, 0xE2, 0x82]) == "Unable to translate bytes [E2][82] at index 1 from specified code page to Unicode.")
        #expect(parseFailure([0x22, 0xED, 0xA0, 0x80, 0x22]) == "Unable to translate bytes [ED] at index 1 from specified code page to Unicode.")
    }

    @Test func memberOrderIsKept() throws {
        let node = try parse(#"{"z":1,"a":2,"m":[3,{"y":4,"b":5}],"a":6}"#)
        let expected: JSONValue = .object([
            ("z", .number(1)), ("a", .number(2)), ("m", .array([.number(3), .object([("y", .number(4)), ("b", .number(5))])])), ("a", .number(6)),
        ])
        #expect(node.value == expected)
        #expect(JSONNode(expected) == node)
        // JSONValue members are taken as they are (Json.NET's JToken), not through JSONValue's own Decodable.
        let extra = try decode(NetImageProperties.self, #"{"extra":{"b":"1","a":true}}"#).extra
        #expect(extra == .object([("b", .string("1")), ("a", .bool(true))]))
    }

    @Test func numberText() {
        // "Error converting value {0}" prints doubles with .NET Core's double.ToString(): shortest digits, E notation past 15 digits.
        let printed = [1e15, 123456789012345.6, 1234567890123456.8, 1.2345678901234567e19, 0.0001, 0.00001, -0.0, 100].map(JSONNetNumber.format)
        #expect(printed == ["1E+15", "123456789012345.6", "1234567890123456.8", "1.2345678901234567E+19", "0.0001", "1E-05", "-0", "100"])
        // JSONNode(JSONValue) writes integral numbers without a fraction; `value` reads literals as Json.NET's Read() does.
        #expect(JSONNode(JSONValue.array([.number(3), .number(-1.5), .number(1e20)])) == .array([.number("3"), .number("-1.5"), .number("1e+20")]))
        #expect(JSONNode(kind: .array([.number("0x10"), .number("017"), .number("1e2")])).value == .array([.number(16), .number(15), .number(100)]))
    }

    @Test func mergePatch() throws {
        let target = JSONNode(
            JSONValue.object([("a", .number(1)), ("b", .object([("c", .number(2)), ("d", .number(3))])), ("e", .array([.number(1)]))])
        )
        let patch = try parse(#"{"b":{"c":null,"f":4},"e":"x","g":{"h":null,"i":5},"a":null}"#)
        let merged = target.merging(patch: patch)
        let expected: JSONValue = .object([
            ("b", .object([("d", .number(3)), ("f", .number(4))])), ("e", .string("x")), ("g", .object([("i", .number(5))])),
        ])
        #expect(merged.value == expected)
        #expect(merged[member: "e"]?.source == patch[member: "e"]?.source)
        #expect(target.merging(patch: JSONNode(JSONValue.array([]))) == JSONNode(JSONValue.array([])))
        // Errors in a merged document quote the patch's positions.
        let stored = JSONNode(JSONValue.object([("vCPUs", .object([("min", .number(1)), ("max", .number(2))]))]))
        let update = try parse(#"{"vCPUs":{"max":"many"}}"#)
        let message = "Could not convert string to integer: many. Path 'vCPUs.max', line 1, position 22."
        #expect(throws: JSONNetError(message: message, path: "vCPUs.max")) {
            try JSONNetDecoder().decode(NetRecommended.self, from: stored.merging(patch: update))
        }
    }

    @Test func aMegabyteDocumentParses() throws {
        var json = "["
        for i in 0..<13_000 {
            if i > 0 { json += "," }
            json += #"{"name":"feature-\#(i)","value":"ü \#(i)","enabled":true,"size":\#(i).5,"tags":["a","b"]}"#
        }
        json += "]"
        let bytes = Array(json.utf8)
        #expect(bytes.count > 1_000_000)
        let clock = ContinuousClock()
        let start = clock.now
        let node = try JSONParser.parse(bytes)
        let elapsed = clock.now - start
        guard case .array(let items) = node.kind else {
            Issue.record("not an array")
            return
        }
        #expect(items.count == 13_000)
        #expect(items.last?[member: "name"] == .string("feature-12999"))
        #expect(elapsed < .seconds(5))
        let features = try JSONNetDecoder().decode([NetFeature].self, from: node)
        #expect(features[7] == NetFeature(name: "feature-7", value: "ü 7"))
    }
}
