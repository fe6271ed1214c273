using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Mobilize.Grains.Registry;

/// <summary>An 18-character resident identity number (GB 11643-1999): region, birth date, sequence, check character.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.chinese-id-number")]
public sealed record ChineseIdNumber
{
    private ChineseIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>Canonical form: the check character 'X' in upper case.</summary>
    [Id(0)] public string Value { get; }
    [Id(1)] public DateOnly BirthDate { get; }
    public string RegionCode => Value[..6];
    public string Masked => Masking.IdNumber(Value);

    public static bool TryParse([NotNullWhen(true)] string? text, DateOnly today, [NotNullWhen(true)] out ChineseIdNumber? id)
    {
        id = null;
        if (Problem(text, today) is not null) return false;
        var value = text!.ToUpperInvariant();
        id = new ChineseIdNumber(value, ParseBirthDate(value)!.Value);
        return true;
    }

    /// <summary>Why <paramref name="text"/> is not a valid ID number on <paramref name="today"/>, or null.</summary>
    public static string? Problem(string? text, DateOnly today)
    {
        if (string.IsNullOrEmpty(text) || text.Length != 18) return "must be 18 characters";
        for (var i = 0; i < 17; i++)
            if (!char.IsAsciiDigit(text[i])) return "the first 17 characters must be digits";
        // No province code starts with 0; a leading 0 is a typing slip, not a region.
        if (text[0] == '0') return "region code is not valid";
        if (ParseBirthDate(text) is not { } birth) return "birth date is not a valid date";
        if (birth.Year < 1900) return "birth date is before 1900";
        if (birth > today) return "birth date is in the future";
        if (char.ToUpperInvariant(text[17]) != CheckCharacter(text.AsSpan(0, 17))) return "check character does not match";
        return null;
    }

    /// <summary>ISO 7064 MOD 11-2 over the first 17 digits: weights 2^(17-i) mod 11, result mapped through 1 0 X 9 8 7 6 5 4 3 2.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("needs exactly 17 digits", nameof(first17));
        var sum = 0;
        var weight = 1;
        for (var i = 16; i >= 0; i--)
        {
            weight = weight * 2 % 11;
            sum += (first17[i] - '0') * weight;
        }
        return "10X98765432"[sum % 11];
    }

    public override string ToString() => Masked;

    private static DateOnly? ParseBirthDate(string text) =>
        DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
