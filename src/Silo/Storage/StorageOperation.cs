using System.Globalization;
using Orleans.Storage;

namespace Mobilize.Silo.Storage;

public enum StorageOperationKind
{
    Write,
    Clear,
}

/// <summary>A write or clear waiting for the group-commit writer. The writer fills in the outcome; the
/// caller's task completes only after the transaction holding it committed.</summary>
public sealed class StorageOperation
{
    /// <summary>Stands for an ETag that is not one of ours, so it can match no stored version.</summary>
    internal const long UnmatchableVersion = long.MinValue;

    private readonly TaskCompletionSource<long?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StorageOperation(StorageOperationKind kind, string grainType, string grainKey, string stateName, string? expectedEtag, byte[]? payload)
    {
        Kind = kind;
        GrainType = grainType;
        GrainKey = grainKey;
        StateName = stateName;
        ExpectedEtag = expectedEtag;
        ExpectedVersion = expectedEtag is null ? null : ParseVersion(expectedEtag);
        Payload = payload;
    }

    public StorageOperationKind Kind { get; }
    public string GrainType { get; }
    public string GrainKey { get; }
    public string StateName { get; }
    public string? ExpectedEtag { get; }

    /// <summary>The version the stored row must have; null when no row may exist.</summary>
    public long? ExpectedVersion { get; }

    public byte[]? Payload { get; }

    /// <summary>Set by the writer: the version now stored (null after a clear), when the ETag matched.</summary>
    public long? NewVersion { get; set; }

    /// <summary>Set by the writer when the ETag did not match: the stored version (null: no row).</summary>
    public bool Conflict { get; set; }

    public long? StoredVersion { get; set; }

    internal Task<long?> Completion => _completion.Task;

    internal void Complete()
    {
        if (Conflict)
        {
            var stored = FormatVersion(StoredVersion);
            _completion.TrySetException(new InconsistentStateException(
                $"ETag mismatch on {Kind.ToString().ToLowerInvariant()} of {GrainType}/{GrainKey} ({StateName}): stored {stored ?? "none"}, given {ExpectedEtag ?? "none"}.",
                stored, ExpectedEtag));
        }
        else
        {
            _completion.TrySetResult(NewVersion);
        }
    }

    internal void Fail(Exception exception) => _completion.TrySetException(exception);

    public static string? FormatVersion(long? version) => version?.ToString(CultureInfo.InvariantCulture);

    private static long ParseVersion(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : UnmatchableVersion;
}
