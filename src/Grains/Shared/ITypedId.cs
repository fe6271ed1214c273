namespace Mobilize.Grains.Shared;

/// <summary>A string identifier with its own type, so a team id can never be passed where a volunteer id belongs.</summary>
public interface ITypedId<TSelf> where TSelf : struct, ITypedId<TSelf>
{
    string Value { get; }

    /// <summary>Longest value this id accepts.</summary>
    static abstract int MaxLength { get; }

    /// <summary>Wraps a value that <see cref="TypedId"/> has already checked.</summary>
    static abstract TSelf FromChecked(string value);
}
