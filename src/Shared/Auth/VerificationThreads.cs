using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// Runs bcrypt checks on one dedicated thread per core, niced below the request threads. A check is ~100 ms of pure CPU:
/// on thread-pool threads a flood of them delayed every other request; here they use whatever CPU the rest of the API
/// leaves, so logins run at the speed of bcrypt itself when nothing else happens and yield to reads when something does.
/// </summary>
internal sealed class VerificationThreads : IDisposable
{
    private const int Niceness = 5;
    private readonly BlockingCollection<Action> _work = new();

    public VerificationThreads(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"bcrypt-{i}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="check"/> on a verification thread; the caller's thread is free meanwhile.</summary>
    public Task<T> RunAsync<T>(Func<T> check)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(check());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    public void Dispose() => _work.CompleteAdding();

    private void Run()
    {
        // Linux keeps a nice value per thread (setpriority on a thread id); elsewhere the threads run at normal priority.
        if (OperatingSystem.IsLinux()) _ = SetPriority(0, GetThreadId(), Niceness);
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
