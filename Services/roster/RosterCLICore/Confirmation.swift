import Foundation
import RosterModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The yes/no question a destructive command asks before it acts, on stderr so that stdout stays one document.
public enum Confirmation {
    /// Returns when the action may go ahead: `--yes` was given, or the operator answered `y` or `yes` at the
    /// terminal. Without `--yes` and without a terminal to ask at it is a usage error telling to pass `--yes`;
    /// any other answer is `cancelled`.
    ///
    /// - Parameters:
    ///   - action: what would be done, as the question and the errors name it (`delete contact c_1`).
    ///   - isTerminal: whether standard input is a terminal.
    ///   - ask: shows the question and returns the answer, nil at end of input.
    public static func require(
        yes: Bool, action: String, isTerminal: Bool, ask: (String) -> String?
    ) throws {
        if yes { return }
        guard isTerminal else {
            throw RosterCLIError.usage(
                "pass --yes to \(action): standard input is not a terminal to confirm at",
                details: [.init(field: "--yes", reason: "is required when standard input is not a terminal")])
        }
        let answer = ask("\(action)? [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw RosterCLIError(code: .cancelled, message: "did not \(action): not confirmed")
        }
    }

    /// Whether standard input is a terminal.
    public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Writes the question on stderr, without a line break, and reads one line of standard input.
    public static func askAtTerminal(_ question: String) -> String? {
        FileHandle.standardError.write(Data(question.utf8))
        return readLine(strippingNewline: true)
    }
}
