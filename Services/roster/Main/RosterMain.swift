import RosterCLICore

/// `roster`: the operator's command-line tool; all of it lives in `RosterCLICore`.
@main
enum RosterMain {
    static func main() async {
        await RosterCommand.main()
    }
}
