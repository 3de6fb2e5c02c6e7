import ArgumentParser
import CasebookCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UserCommand {
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password for signing in on the web pages (yours, or anyone's as an admin).",
            discussion: """
                Asks for the password twice without showing it, or reads one line from standard input \
                with --password-stdin. A password has at least \(PasswordRules.minimumLength) characters \
                and at most \(PasswordRules.maximumBytes) bytes (NCSC password guidance: length over \
                complexity; three random words are a good start). Only a salted bcrypt hash is kept, \
                in the user list beside the log, never in the log; nothing prints it.
                """)
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The user's login name.") var name: String
        @Flag(help: "Read the password from the first line of standard input instead of asking twice.")
        var passwordStdin = false

        func validate() throws {
            try validateUserName(name)
        }

        func run() async throws {
            let password: String
            if passwordStdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw ValidationError("--password-stdin read nothing; pipe the password in, e.g. `printf '%s\\n' \"$PASSWORD\" | casebook user password \(name) --password-stdin`")
                }
                password = line.hasSuffix("\r") ? String(line.dropLast()) : line
            } else {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw ValidationError("standard input is not a terminal, so the password cannot be asked for; pass --password-stdin to read it from standard input")
                }
                let first = try Self.readHidden(prompt: "New password for \(name): ")
                // Check before asking again, so a too-short password is refused at once.
                do throws(CasebookError) { try PasswordRules.check(first, forUser: name) } catch { throw ValidationError(error.message) }
                let second = try Self.readHidden(prompt: "The same password again: ")
                guard first == second else { throw ValidationError("the two passwords differ; nothing was changed; run the command again") }
                password = first
            }
            do throws(CasebookError) { try PasswordRules.check(password, forUser: name) } catch { throw ValidationError(error.message) }
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            try casebook.setPassword(password, forUser: name, by: OSUser.name)
            print("\(name) can now sign in at /sign-in with this password")
        }

        /// One line from the terminal with echo off (restored afterwards, even on error).
        static func readHidden(prompt: String) throws -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
                throw ValidationError("cannot read the terminal's settings; pass --password-stdin instead")
            }
            var hidden = saved
            hidden.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("no password was typed; nothing was changed")
            }
            return line
        }
    }
}
