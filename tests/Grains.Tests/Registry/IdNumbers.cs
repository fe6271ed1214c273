namespace Mobilize.Grains.Tests.Registry;

/// <summary>Builds valid resident ID numbers for tests, computing the check character independently of production code.</summary>
internal static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public const string PublishedExample = "11010519491231002X";

    public static string Valid(string region = "110105", string birth = "19900307", string sequence = "123")
    {
        var stem = region + birth + sequence;
        var sum = stem.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return stem + CheckCharacters[sum % 11];
    }

    public static string WithWrongCheck(string valid)
    {
        var wrong = valid[17] == '0' ? '1' : '0';
        return valid[..17] + wrong;
    }
}
