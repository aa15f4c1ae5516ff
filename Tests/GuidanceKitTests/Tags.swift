import Testing

extension Tag {
    /// Starts headless Chromium (printing, the page-fit check, Selenium).
    @Tag static var browser: Self
    /// Kills `guidance build` at random moments and inspects what is left.
    @Tag static var crash: Self
    /// Takes seconds to minutes: servers on loopback, many builds of the
    /// binary, or timings compared as ratios.
    @Tag static var slow: Self
}

/// The suites tagged `browser`, `crash` or `slow`, nested here so they run one
/// at a time (`.serialized` applies to every suite inside). `make test` runs
/// them in a `swift test` of their own (`--filter OneAtATime --no-parallel`)
/// after the unit suites' parallel run (`--skip OneAtATime`), so nothing runs
/// beside them: ScalingTests' CPU-time ratios count only its own work.
///
/// Why not all in parallel: these suites block a thread of Swift's cooperative
/// pool (one per core) while a child process or a browser works, and measure
/// time on the wall (a link check's deadline, a browser's page timeout, the
/// crash test's limit). Two or three of them at once on a two-core machine
/// left no thread for the link checker's own tasks, so its 120 s deadline
/// passed with its requests still unscheduled, and builds ran so slowly that
/// the crash test's 80 kills overran its 3 minutes. One at a time, beside unit
/// suites that end within seconds, each has a core.
///
/// A suite joins by being declared in `extension OneAtATime { ... }` (see
/// BrowserTests.swift); its body is not indented again, to keep its history.
@Suite(.serialized) enum OneAtATime {}
