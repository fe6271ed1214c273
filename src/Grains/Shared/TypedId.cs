using System.Diagnostics.CodeAnalysis;

namespace Mobilize.Grains.Shared;

/// <summary>The one place where the id rule lives: non-empty, bounded, letters, digits and <c>-_.</c>.</summary>
public static class TypedId
{
    public const int DefaultMaxLength = 64;

    public static bool TryParse<T>([NotNullWhen(true)] string? value, out T id) where T : struct, ITypedId<T>
    {
        if (Problem(value, T.MaxLength) is null)
        {
            id = T.FromChecked(value!);
            return true;
        }
        id = default;
        return false;
    }

    public static T Create<T>(string value) where T : struct, ITypedId<T> =>
        Problem(value, T.MaxLength) is { } problem
            ? throw new ArgumentException($"'{value}' is not a valid {typeof(T).Name}: {problem}", nameof(value))
            : T.FromChecked(value);

    /// <summary>Why <paramref name="value"/> is not a valid id, or null when it is.</summary>
    public static string? Problem(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value)) return "must not be empty";
        if (value.Length > maxLength) return $"must be at most {maxLength} characters";
        // ASCII only: ids travel in URLs, log lines and storage keys, where look-alike Unicode letters would be a trap.
        foreach (var c in value)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                return "may contain only letters, digits, '-', '_' and '.'";
        return null;
    }
}
