import ArgumentParser

/// The options every command takes.
public struct CommonOptions: ParsableArguments {
    /// Print exactly one JSON document on stdout.
    @Flag(help: "Print exactly one JSON document on stdout (errors as {\"error\": {...}}); progress stays on stderr.")
    public var json = false

    /// Makes the options with their defaults.
    public init() {}

    /// The output this command writes to.
    public var output: Output { Output(json: json) }

    /// Runs a command's body; any error is printed in the output's form and ends the command with its exit status.
    public func run(_ body: (Output) async throws -> Void) async throws {
        let output = self.output
        do {
            try await body(output)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let failure = Self.failure(from: error)
            output.failure(failure)
            throw ExitCode(failure.exitCode)
        }
    }

    /// Runs an argument check from a command's `validate()`: a usage `RosterCLIError` becomes ArgumentParser's
    /// `ValidationError`, so that it prints with the command's usage and exits 64.
    public static func validating<T>(_ check: () throws -> T) throws -> T {
        do {
            return try check()
        } catch let error as RosterCLIError where error.code == .usage {
            throw ValidationError(error.message)
        }
    }

    /// Any error as the CLI's error: usage problems exit 64, anything unexpected is `failed`.
    public static func failure(from error: any Error) -> RosterCLIError {
        switch error {
        case let error as RosterCLIError: error
        case let error as ValidationError: RosterCLIError(code: .usage, message: error.message, exitCode: 64)
        default: RosterCLIError(code: .failed, message: "\(error)")
        }
    }
}
