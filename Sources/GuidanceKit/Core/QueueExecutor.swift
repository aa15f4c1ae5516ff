import Dispatch

/// Runs jobs one at a time on a Dispatch queue of its own: for work that
/// blocks for seconds (waiting on Chromium, a build's parsing), which would
/// otherwise hold one of the cooperative pool's threads (one per core; two
/// on the machines this runs on) while the link check and the preview
/// server's connections need them. As a `SerialExecutor` it is an actor's
/// (`PrintSession`); as a `TaskExecutor` a task's preference
/// (`withTaskExecutorPreference`, the preview server's builds and its
/// connections). Dispatch's own serial queue is neither on Linux, hence
/// this small one.
final class QueueExecutor: SerialExecutor, TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
