namespace Mobilize.Grains.Privacy;

/// <summary>A volunteer's real name as a list shows it: in full to whoever may read their record, otherwise the
/// family name only (张**), enough for a commander to tell two members apart on the radio, not to identify a stranger.</summary>
public static class NamePrivacy
{
    public static string Shown(string realName, bool reveal) => reveal ? realName : Masked(realName);

    /// <summary>The first character, then one <c>*</c> per remaining character (at least one).</summary>
    public static string Masked(string realName)
    {
        var name = realName.Trim();
        if (name.Length == 0) return "*";
        var first = char.IsSurrogate(name[0]) && name.Length > 1 ? name[..2] : name[..1];
        return first + new string('*', Math.Max(1, new System.Globalization.StringInfo(name).LengthInTextElements - 1));
    }
}
