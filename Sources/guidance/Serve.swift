import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Preview the sheets in a browser, rebuilt and reloaded on every save.",
            discussion: """
                Builds the site in memory exactly as guidance build would publish it (never writing Output/) \
                and serves it on this machine. Each sheet shows a panel with its findings and page fit, and a \
                dashed line where the A4 page ends; while the build has errors, an overlay names them. \
                Ctrl-C stops it. Exit 2 when the port is in use.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(help: "The port to listen on (0: any free port).")
        var port: Int = 8000

        @Option(help: "The address to listen on; keep it on this machine (127.0.0.1, localhost or ::1).")
        var host: String = "127.0.0.1"

        @Flag(help: "Open the download page in the default browser (xdg-open).")
        var open = false

        func validate() throws {
            if !(0...65535).contains(port) { throw ValidationError("--port takes 0 to 65535, not \(port)") }
        }

        func run() async throws {
            let printer = project.noPrintCheck ? nil : Printer.locate()
            let server = PreviewServer(options: PreviewServer.Options(
                root: project.root, host: host, port: port, printer: printer, asOf: project.asOf,
                log: { printError("guidance serve: \($0)") }))
            let bound: Int
            do {
                bound = try await server.start()
            } catch {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            if !["127.0.0.1", "localhost", "::1"].contains(host) {
                printError("guidance serve: warning: listening on \(host), so other machines may reach the preview; 127.0.0.1 keeps it on this one")
            }
            let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            let address = "http://\(name):\(bound)/"
            // Straight to the descriptor: a script or test waiting for the address sees it at once.
            FileHandle.standardOutput.write(Data("Serving \(address) (Ctrl-C stops)\n".utf8))
            // Ctrl-C and SIGTERM stop the server; the command then returns normally.
            let signals = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { server.stop() }
                source.resume()
                return source
            }
            if open {
                let browser = Process()
                browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                browser.arguments = ["xdg-open", address]
                browser.standardOutput = FileHandle.nullDevice
                browser.standardError = FileHandle.nullDevice
                if (try? browser.run()) == nil { printError("guidance serve: could not open a browser; visit \(address)") }
            }
            await server.waitUntilStopped()
            withExtendedLifetime(signals) {}
            printError("guidance serve: stopped")
        }
    }
}
