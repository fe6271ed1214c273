using System.Collections.Immutable;

namespace Mobilize.Silo.Idempotency;

/// <summary>The first response to a request that carried an <c>Idempotency-Key</c>, kept so that a retry
/// gets exactly the same answer instead of doing the work twice.</summary>
/// <param name="Scope">Method, path and caller: the same key under another scope is another record.</param>
/// <param name="RequestHash">SHA-256 of the request body, to tell a true retry from a reused key.</param>
public sealed record IdempotencyRecord(
    string Scope,
    string Key,
    ImmutableArray<byte> RequestHash,
    int StatusCode,
    ImmutableArray<KeyValuePair<string, string>> Headers,
    ImmutableArray<byte> Body,
    DateTimeOffset CreatedAt);

/// <summary>Journal of first responses, in the same database as the grain state; records are purged after the retention.</summary>
public interface IIdempotencyStore
{
    /// <summary>Creates the table when missing; runs once at silo start-up.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="record"/> durably unless one with the same scope and key exists, and
    /// returns whichever record is stored: the first writer wins.</summary>
    Task<IdempotencyRecord> SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes the records created before <paramref name="createdBefore"/>, a slice at a time so saves are
    /// not held up, and returns how many went.</summary>
    Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
