using Polly;
using Polly.Retry;

namespace MaritimeCoord.Cli.Feeds;

/// <summary>
/// The feeds' retry pipeline, the shape of the server's <c>Infrastructure/Backoff</c>: exponential backoff from
/// <c>first</c> up to <c>max</c> with jitter (feeds that lost the server together do not come back in lock-step), for
/// ever; only the caller's cancellation ends it, and a cancellation is never retried. On the given clock, so tests drive it.
/// </summary>
internal static class FeedBackoff
{
    public static ResiliencePipeline Forever(TimeSpan first, TimeSpan max, TimeProvider clock, Func<Exception, bool> retryOn,
        Func<OnRetryArguments<object>, ValueTask>? onRetry = null)
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
        return new ResiliencePipelineBuilder { TimeProvider = clock }.AddRetry(options).Build();
    }
}
