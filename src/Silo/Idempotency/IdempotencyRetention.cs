using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mobilize.Silo.Idempotency;

/// <summary>Purges first responses older than the retention, every <paramref name="interval"/> on <paramref name="time"/>,
/// so the journal holds about a day of keys instead of growing for ever.</summary>
public sealed class IdempotencyRetention(IIdempotencyStore store, TimeSpan retention, TimeSpan interval, TimeProvider time, ILogger<IdempotencyRetention> logger)
    : BackgroundService
{
    private TaskCompletionSource<int> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the number of records the next purge removed (−1 if it failed): lets a test on a
    /// manual clock wait for the purge its advance caused.</summary>
    public Task<int> NextPurge => Volatile.Read(ref _next).Task;

    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Armed here, not in ExecuteAsync (which runs on the thread pool): the first period starts when the host starts.
        _timer = new PeriodicTimer(interval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer!;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var removed = -1;
                try
                {
                    removed = await store.PurgeAsync(time.GetUtcNow() - retention, stoppingToken);
                    if (removed > 0) logger.LogInformation("Purged {Records} idempotency records older than {Retention}", removed, retention);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next tick tries again; until then retries still find their records, which is the safe side.
                    logger.LogWarning(exception, "Purging idempotency records failed");
                }
                Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(removed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
