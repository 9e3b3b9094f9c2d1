import RosterModel

/// The CLI's one error: a stable code, a message naming what is at fault, per-row details, and the exit status.
///
/// Errors a worker answers with keep the worker's code, message and details, so that a script sees the same
/// error whether it calls the HTTP API or the CLI.
public struct RosterCLIError: Error, Sendable, CustomStringConvertible {
    /// A stable machine-readable code (`missing_setting`, `not_found`, ...).
    public let code: Code
    /// A sentence naming the setting, line, field or value at fault.
    public let message: String
    /// Per-row or per-field problems.
    public private(set) var details: [Detail]
    /// The HTTP status, when a worker answered with this error.
    public let httpStatus: Int?
    /// Whether the same command may succeed later (a worker not reachable yet, a timeout, a 5xx).
    public let isRetriable: Bool
    /// The process exit status this error ends the command with.
    public let exitCode: Int32
    private let location: String

    /// Makes an error; `file` and `line` record where it was raised, for the description.
    public init(
        code: Code, message: String, details: [Detail] = [], httpStatus: Int? = nil, isRetriable: Bool = false,
        exitCode: Int32 = 1, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.httpStatus = httpStatus
        self.isRetriable = isRetriable
        self.exitCode = exitCode
        self.location = "\(file):\(line)"
    }

    /// The code, the message and where the error was raised, for logs.
    public var description: String { "RosterCLIError.\(code.rawValue): \(message) (\(location))" }

    /// The JSON this error prints with `--json`: the workers' error shape.
    public var body: ErrorBody {
        ErrorBody(error: .init(code: code.rawValue, message: message, details: details))
    }

    /// A usage error (exit status 64): an argument the command cannot take, named in the message.
    public static func usage(
        _ message: String, details: [Detail] = [], file: String = #fileID, line: Int = #line
    ) -> RosterCLIError {
        RosterCLIError(code: .usage, message: message, details: details, exitCode: 64, file: file, line: line)
    }

    /// The same error with other details, for a command that knows more about where the fault lies.
    public func withDetails(_ details: [Detail]) -> RosterCLIError {
        var copy = self
        copy.details = details
        return copy
    }

    /// A stable error code; workers' codes pass through as they are.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The code as it appears in the error JSON.
        public let rawValue: String

        /// A code by its text, such as one a worker answered with.
        public init(rawValue: String) { self.rawValue = rawValue }

        private enum Known: String {
            case missingSetting = "missing_setting"
            case invalidSetting = "invalid_setting"
            case invalidProfile = "invalid_profile"
            case unreadableFile = "unreadable_file"
            case invalidFile = "invalid_file"
            case unreachable
            case timeout
            case unexpectedResponse = "unexpected_response"
            case notFound = "not_found"
            case unauthorized
            case forbidden
            case serverError = "server_error"
            case usage
            case cancelled
            case failed
        }

        private init(_ known: Known) { self.rawValue = known.rawValue }

        /// A setting the command needs is in neither the environment nor the dev profile.
        public static let missingSetting = Code(.missingSetting)
        /// A setting has a value the CLI cannot use (a URL that is not http or https).
        public static let invalidSetting = Code(.invalidSetting)
        /// A line of the dev profile file is not `KEY=VALUE`.
        public static let invalidProfile = Code(.invalidProfile)
        /// An input file cannot be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// An input file has a line that is not what the command reads.
        public static let invalidFile = Code(.invalidFile)
        /// A worker refused the connection or could not be found.
        public static let unreachable = Code(.unreachable)
        /// A worker did not answer in time.
        public static let timeout = Code(.timeout)
        /// A worker answered with something that is neither the expected body nor the error shape.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// A worker answered 404 without the error shape.
        public static let notFound = Code(.notFound)
        /// A worker answered 401 without the error shape.
        public static let unauthorized = Code(.unauthorized)
        /// A worker answered 403 without the error shape.
        public static let forbidden = Code(.forbidden)
        /// A worker answered 5xx without the error shape.
        public static let serverError = Code(.serverError)
        /// The command line could not be parsed.
        public static let usage = Code(.usage)
        /// The operator answered no to a confirmation prompt.
        public static let cancelled = Code(.cancelled)
        /// Anything else that went wrong.
        public static let failed = Code(.failed)
    }

    /// One problem: which row, field and value, and why (the wire shape both sides share).
    public typealias Detail = ErrorDetail
}

/// The error JSON, `{"error": {"code", "message", "details": [...]}}`: the shape every worker answers errors with.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// The error itself.
    public var error: Content

    /// Wraps the error content.
    public init(error: Content) { self.error = error }

    /// The code, message and details of an error.
    public struct Content: Codable, Sendable, Equatable {
        /// A stable machine-readable code.
        public var code: String
        /// A sentence naming what is at fault.
        public var message: String
        /// Per-row or per-field problems, possibly empty.
        public var details: [RosterCLIError.Detail]

        /// Makes the content.
        public init(code: String, message: String, details: [RosterCLIError.Detail]) {
            self.code = code
            self.message = message
            self.details = details
        }

        /// Reads a worker's error; a missing `details` is read as none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            message = try container.decode(String.self, forKey: .message)
            details = try container.decodeIfPresent([RosterCLIError.Detail].self, forKey: .details) ?? []
        }
    }
}
