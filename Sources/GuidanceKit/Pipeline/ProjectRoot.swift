import Foundation

/// Where a command looks for the project when no `--root` is given: the
/// current folder, or the nearest folder above it that holds `Guidance/`
/// (so `guidance check` works from inside `Guidance/` or `Output/` too, as
/// git works from any folder of a checkout). When none does, the current
/// folder, whose missing `Guidance/` the command then reports.
package enum ProjectRoot {
    package static func discover(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL {
        var folder = start.standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            let guidance = folder.appendingPathComponent("Guidance")
            if FileManager.default.fileExists(atPath: guidance.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return start }
            folder = parent
        }
    }
}
