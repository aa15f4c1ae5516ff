import ArgumentParser

@main
struct GuidanceMain {
    static func main() async {
        await Guidance.main()
    }
}
