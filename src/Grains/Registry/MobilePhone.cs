using System.Diagnostics.CodeAnalysis;

namespace Mobilize.Grains.Registry;

/// <summary>Mainland China mobile numbers: <c>1[3-9]</c> and nine more digits, stored without the +86 prefix.</summary>
public static class MobilePhone
{
    /// <summary>Accepts an optional <c>+86</c> prefix and spaces or hyphens between digit groups, as people type them.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.AsSpan().Trim();
        if (span.StartsWith("+86")) span = span[3..];
        Span<char> digits = stackalloc char[11];
        var count = 0;
        foreach (var c in span)
        {
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c) || count == 11) return false;
            digits[count++] = c;
        }
        if (count != 11 || digits[0] != '1' || digits[1] < '3') return false;
        normalized = new string(digits);
        return true;
    }

    public static bool IsValid([NotNullWhen(true)] string? text) => TryNormalize(text, out _);
}
