import ArgumentParser
import Foundation

@main
struct GuidanceMain {
    static func main() async {
        // Set here, for the whole process, never in the library: a reader that
        // went (a browser that died, `guidance check | head`) makes a write
        // fail with EPIPE, which the code handles, instead of ending the tool.
        signal(SIGPIPE, SIG_IGN)
        await Guidance.main()
    }
}
