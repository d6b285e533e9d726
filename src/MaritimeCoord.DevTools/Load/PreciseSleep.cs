using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp without burning a core. Thread.Sleep has 1 ms granularity, and
/// spinning (Thread.Yield) for the rest of each slot would take a share of one of the machine's 2 cores from the
/// server the open-loop dispatcher measures (docs/responders-performance.md has the figure). On Linux,
/// clock_nanosleep on the monotonic clock (the clock Stopwatch reads) wakes within the kernel's timer slack of the
/// slot; elsewhere, Thread.Sleep rounded up (the lateness is charged to the request's latency, never hidden).
/// </summary>
internal static class PreciseSleep
{
    private static bool nativeSleepWorks = OperatingSystem.IsLinux();

    public static void Until(long dueTimestamp)
    {
        while (true)
        {
            long remaining = dueTimestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            long nanoseconds = (long)(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
            if (nativeSleepWorks && TryNanosleep(nanoseconds)) continue;
            Thread.Sleep((int)Math.Ceiling(nanoseconds / 1_000_000.0));
        }
    }

    private static bool TryNanosleep(long nanoseconds)
    {
        try
        {
            var request = new Native.Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            // 0 or EINTR (a signal woke us early): the caller's loop sleeps the rest.
            _ = Native.ClockNanosleep(Native.ClockMonotonic, 0, ref request, IntPtr.Zero);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            nativeSleepWorks = false;
            return false;
        }
    }

    private static class Native
    {
        public const int ClockMonotonic = 1;

        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc.so.6", EntryPoint = "clock_nanosleep")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ClockNanosleep(int clockId, int flags, ref Timespec request, IntPtr remaining);
    }
}
