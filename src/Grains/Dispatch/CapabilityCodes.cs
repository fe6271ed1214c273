namespace Mobilize.Grains.Dispatch;

/// <summary>Finding the capability code someone meant: codes are ordinal (case and dashes count), so a typed
/// <c>water_rescue</c> or <c>Water-Rescue</c> matches nothing; a refusal names the code that is close.</summary>
public static class CapabilityCodes
{
    /// <summary>Edits (insertions, deletions, substitutions) beyond which two codes are not taken for each other.</summary>
    public const int MaxEdits = 2;

    /// <summary>The known code that <paramref name="code"/> most likely misspells, or null when none is close.</summary>
    public static string? Closest(string code, IEnumerable<string> known)
    {
        var typed = Fold(code);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed, Fold(candidate));
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
                (best, bestDistance) = (candidate, distance);
        }
        return bestDistance <= MaxEdits ? best : null;
    }

    // Case, underscores and spaces are what people get wrong most; they cost nothing here.
    private static string Fold(string code) => code.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-');

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > MaxEdits) return int.MaxValue;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
