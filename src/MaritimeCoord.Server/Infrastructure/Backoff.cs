using Polly;
using Polly.Retry;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// Retry pipelines for the loops that must never give up (the outbox dispatcher, the AIS batch writer, the TCP client
/// feeds): exponential backoff from <c>first</c> up to <c>max</c>, with jitter so that nodes and feeds that failed
/// together (a database or broker restart) do not come back in lock-step. They retry for ever; only the caller's
/// cancellation ends them, and a cancellation is never retried.
/// </summary>
public static class Backoff
{
    /// <param name="first">Median delay before the first retry; later ones double on average.</param>
    /// <param name="max">No delay is longer.</param>
    /// <param name="clock">The host's clock, so tests drive the delays with a fake one.</param>
    /// <param name="retryOn">Which failures are retried; the others end the execution.</param>
    /// <param name="onRetry">Called before each delay (count, log, reset state).</param>
    /// <param name="randomizer">The jitter's source of [0, 1) numbers; tests pin it.</param>
    public static ResiliencePipeline Forever(
        TimeSpan first, TimeSpan max, TimeProvider clock, Func<Exception, bool> retryOn,
        Func<OnRetryArguments<object>, ValueTask>? onRetry = null, Func<double>? randomizer = null)
    {
        var options = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e
                && !(e is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)
                && retryOn(e)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = first,
            MaxDelay = max,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = onRetry,
        };
        if (randomizer is not null) options.Randomizer = randomizer;
        return new ResiliencePipelineBuilder { TimeProvider = clock }.AddRetry(options).Build();
    }
}
