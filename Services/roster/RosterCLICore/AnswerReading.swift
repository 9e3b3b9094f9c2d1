import Foundation
import RosterModel

/// Reads a worker's JSON answer as one of the CLI's typed answers, for the readable form. With `--json` the
/// answer is printed as the worker gave it, so a field the CLI does not know still reaches scripts.
public enum AnswerReading {
    /// The answer read as `type` (snake_case keys), or nil when it does not have that shape.
    public static func decode<T: Decodable>(_ type: T.Type, from answer: JSONValue) -> T? {
        guard let data = try? JSONEncoder().encode(answer) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: data)
    }

    /// The readable text of an answer: `text` of the typed answer, or the JSON outline when the answer has another
    /// shape than the CLI expects.
    public static func text<T: Decodable>(_ answer: JSONValue, as type: T.Type, _ text: (T) -> String) -> String {
        decode(type, from: answer).map(text) ?? TextFormat.outline(answer)
    }
}
