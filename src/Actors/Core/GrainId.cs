using System.Globalization;

namespace Mobilize.Actors;

/// <summary>Identity of a grain: its grain type name and its key, always held as a string.</summary>
/// <remarks>Guid and integer keys are stored in their invariant string form so that storage rows and
/// logs read the same whatever the key kind.</remarks>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    public static string KeyOf(Guid key) => key.ToString("N");

    public static string KeyOf(long key) => key.ToString(CultureInfo.InvariantCulture);
}
