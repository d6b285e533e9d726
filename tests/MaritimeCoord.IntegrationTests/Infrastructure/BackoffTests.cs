using System.Threading.Channels;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace MaritimeCoord.IntegrationTests.Infrastructure;

/// <summary>
/// The retry pipelines of the outbox dispatcher, the AIS batch writer and the TCP client feeds (<see cref="Backoff"/>):
/// delays read from the clock they are given, grow exponentially with jitter up to the cap, never give up, and end
/// only by cancellation. No real time passes: timers of <see cref="RecordingClock"/> fire at once.
/// </summary>
public class BackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Retries_past_any_count_with_jittered_exponential_delays_up_to_the_cap()
    {
        var clock = new RecordingClock();
        var attempts = 0;
        var pipeline = Backoff.Forever(First, Max, clock, retryOn: _ => true);

        var result = await pipeline.ExecuteAsync(_ => ++attempts <= 60 ? throw new IOException("down") : ValueTask.FromResult(attempts));

        Assert.Equal(61, result);
        var delays = clock.Delays;
        Assert.Equal(60, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, Max));
        Assert.InRange(delays[0], TimeSpan.Zero, 4 * First);
        // Grown to the cap's order of magnitude once the doubling has had time to get there (2^6 × 0.5 s > 30 s).
        Assert.All(delays.Skip(20), d => Assert.True(d >= Max / 8, $"{d} after 20 retries"));
        // Jitter: not the bare doubling sequence.
        var doubling = Enumerable.Range(0, 60).Select(n => TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << Math.Min(n, 20)))).ToList();
        Assert.NotEqual(doubling, delays);
    }

    [Fact]
    public async Task Delays_are_taken_from_the_given_clock_and_cancellation_ends_the_wait()
    {
        var clock = new FakeTimeProvider();
        var tried = Channel.CreateUnbounded<TimeSpan>();
        var attempts = 0;
        var pipeline = Backoff.Forever(First, Max, clock, retryOn: _ => true,
            onRetry: args => { tried.Writer.TryWrite(args.RetryDelay); return ValueTask.CompletedTask; },
            randomizer: () => 0.5);
        using var stop = new CancellationTokenSource();

        var run = pipeline.ExecuteAsync(_ => { attempts++; throw new IOException("down"); }, stop.Token).AsTask();
        var delay = await tried.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(delay > TimeSpan.Zero);
        Assert.False(run.IsCompleted); // waiting on the fake clock, which has not moved

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_failure_not_retried_and_a_cancellation_are_not_retried()
    {
        var clock = new RecordingClock();
        var pipeline = Backoff.Forever(First, Max, clock, retryOn: e => e is not TimeoutException);

        await Assert.ThrowsAsync<TimeoutException>(() => pipeline.ExecuteAsync(_ => throw new TimeoutException()).AsTask());

        using var stop = new CancellationTokenSource();
        var attempts = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.ExecuteAsync(ct =>
        {
            attempts++;
            stop.Cancel();
            ct.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }, stop.Token).AsTask());
        Assert.Equal(1, attempts);
        Assert.Empty(clock.Delays);
    }

    /// <summary>Records each timer's due time and fires it at once, so a run of retries takes no real time.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly List<TimeSpan> delays = [];

        public List<TimeSpan> Delays { get { lock (delays) return [.. delays]; } }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (delays) delays.Add(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
