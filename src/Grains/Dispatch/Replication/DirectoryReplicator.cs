using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Hosting;

namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>Sends the changes made by teams active on this silo to every other silo's replica, folded per team and
/// flushed every <see cref="DispatchOptions.DirectoryFlushInterval"/>, and fills a joining silo's replica from its peers.</summary>
/// <remarks>
/// The silos it sends to are those membership knows as joining or active, and any silo that asked for a snapshot (it
/// may ask before this silo's membership view lists it); a silo shutting down or dead is dropped. Each peer has its own
/// queue and at most one batch in flight, so a slow or dying peer never holds up the others, and while a batch is out
/// the next one folds every further change per team. A batch that fails is taken back into the queue (newer changes
/// win), and sent again until membership drops the peer. With no peer (the embedded single silo) a change costs one
/// read of an empty list and no timer runs.
/// </remarks>
internal sealed class DirectoryReplicator(
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    IServiceProvider services,
    IOptions<DispatchOptions> options,
    ILogger<DirectoryReplicator> logger) : IDirectoryOutbox
{
    public const int SnapshotPageSize = 2_000;

    // Batches stay well under Orleans' message size limit whatever the cards hold.
    private const int BatchSize = 1_000;

    private ImmutableDictionary<SiloAddress, PeerLink> _peers = ImmutableDictionary<SiloAddress, PeerLink>.Empty;
    private TaskCompletionSource _peerAdded = NewSignal();
    private DirectoryReplicaClient? _client;
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;

    /// <summary>The silos this one sends its changes to.</summary>
    public IReadOnlyCollection<SiloAddress> Peers => Volatile.Read(ref _peers).Keys.ToList();

    public void Send(DirectoryChange change)
    {
        foreach (var link in Volatile.Read(ref _peers).Values) link.Hold(change);
    }

    public void Start()
    {
        _client = new DirectoryReplicaClient(services);
        Track(membership.CurrentSnapshot);
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _running = Task.WhenAll(Task.Run(() => FollowMembership(stopping)), Task.Run(() => FlushEvery(options.Value.DirectoryFlushInterval, stopping)));
    }

    public async Task StopAsync()
    {
        if (_stopping is null) return;
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        // What teams sent on their way out (moves held in their window) still goes, if the peers take it promptly.
        var last = Volatile.Read(ref _peers).Values.Select(link => link.Flush(Client, logger)).ToList();
        await Task.WhenAny(Task.WhenAll(last), Task.Delay(TimeSpan.FromSeconds(2)));
    }

    /// <summary>Sends to <paramref name="silo"/> from now on, unless membership already knows it as gone.</summary>
    public void AddPeer(SiloAddress silo)
    {
        if (silo.Equals(localSilo.SiloAddress) || Gone(membership.CurrentSnapshot.GetSiloStatus(silo))) return;
        if (Volatile.Read(ref _peers).ContainsKey(silo)) return;
        ImmutableInterlocked.GetOrAdd(ref _peers, silo, s => new PeerLink(s));
        _peerAdded.TrySetResult();
    }

    /// <summary>Fills <paramref name="directory"/> from a snapshot of every peer, which all send this silo their later
    /// changes from the moment they answer; versions settle what the snapshots and those changes both carry.</summary>
    /// <returns>How many changes the snapshots added to what the directory held.</returns>
    public async Task<int> CatchUpAsync(DispatchDirectory directory, CancellationToken cancellationToken)
    {
        var peers = membership.CurrentSnapshot.Members.Values
            .Where(m => !m.SiloAddress.Equals(localSilo.SiloAddress) && m.Status is SiloStatus.Joining or SiloStatus.Active)
            .Select(m => m.SiloAddress).ToList();
        var taken = await Task.WhenAll(peers.Select(peer => CatchUpFrom(peer, directory, cancellationToken)));
        return taken.Sum();
    }

    private async Task<int> CatchUpFrom(SiloAddress peer, DispatchDirectory directory, CancellationToken cancellationToken)
    {
        var taken = 0;
        TeamId? after = null;
        try
        {
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await Client.On(peer).Snapshot(localSilo.SiloAddress, after, SnapshotPageSize);
                foreach (var change in page.Changes)
                    if (directory.Apply(change)) taken++;
                after = page.Last;
            } while (after is not null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A peer leaving as this silo joins: what it held reached the others, whose snapshots carry it.
            logger.LogWarning(exception, "Directory snapshot from {Peer} failed after {Taken} changes", peer, taken);
        }
        return taken;
    }

    private DirectoryReplicaClient Client => _client ?? throw new InvalidOperationException("The replicator has not started.");

    private async Task FollowMembership(CancellationToken stopping)
    {
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping)) Track(snapshot);
    }

    private void Track(ClusterMembershipSnapshot snapshot)
    {
        foreach (var member in snapshot.Members.Values)
        {
            if (member.SiloAddress.Equals(localSilo.SiloAddress)) continue;
            if (member.Status is SiloStatus.Joining or SiloStatus.Active) AddPeer(member.SiloAddress);
            else if (Gone(member.Status) && ImmutableInterlocked.TryRemove(ref _peers, member.SiloAddress, out var link)) link.Close();
        }
    }

    private static bool Gone(SiloStatus status) => status is SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead;

    private async Task FlushEvery(TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        while (!stopping.IsCancellationRequested)
        {
            if (Volatile.Read(ref _peers).IsEmpty)
            {
                // A single silo waits here for good: nothing to send, no timer ticking.
                var signal = _peerAdded;
                if (Volatile.Read(ref _peers).IsEmpty) await signal.Task.WaitAsync(stopping);
                Interlocked.CompareExchange(ref _peerAdded, NewSignal(), signal);
                continue;
            }
            await timer.WaitForNextTickAsync(stopping);
            foreach (var link in Volatile.Read(ref _peers).Values) _ = link.Flush(Client, logger);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What one peer has still to be sent, folded per team.</summary>
    private sealed class PeerLink(SiloAddress silo)
    {
        private readonly Dictionary<TeamId, DirectoryChange> _held = [];
        private Task _sending = Task.CompletedTask;
        private volatile bool _closed;
        private bool _failing;

        public void Hold(DirectoryChange change)
        {
            lock (_held) Keep(change);
        }

        public void Close() => _closed = true;

        /// <summary>Sends what is held, unless the last batch is still out (it then goes with the next flush).</summary>
        public Task Flush(DirectoryReplicaClient client, ILogger logger)
        {
            if (!_sending.IsCompleted || _closed) return _sending;
            DirectoryChange[] batch;
            lock (_held)
            {
                if (_held.Count == 0) return _sending;
                batch = [.. _held.Values];
                _held.Clear();
            }
            return _sending = Send(batch, client, logger);
        }

        private async Task Send(DirectoryChange[] batch, DirectoryReplicaClient client, ILogger logger)
        {
            var sent = 0;
            try
            {
                var replica = client.On(silo);
                for (; sent < batch.Length; sent += BatchSize)
                    await replica.Apply([.. batch.AsSpan(sent, Math.Min(BatchSize, batch.Length - sent))]);
                if (_failing) logger.LogInformation("Directory changes reach {Peer} again", silo);
                _failing = false;
            }
            catch (Exception exception)
            {
                if (_closed) return;
                lock (_held)
                    for (var i = sent; i < batch.Length; i++) Keep(batch[i]);
                if (!_failing) logger.LogWarning(exception, "Directory changes did not reach {Peer}; they are sent again with the next flush", silo);
                _failing = true;
            }
        }

        private void Keep(DirectoryChange change)
        {
            if (!_held.TryGetValue(change.Team, out var held) || held.Version < change.Version) _held[change.Team] = change;
        }
    }
}
