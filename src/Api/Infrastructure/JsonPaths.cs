namespace Mobilize.Api.Infrastructure;

/// <summary>Turns System.Text.Json paths (<c>$.location.latitude</c>, <c>$.items[2].id</c>, <c>$['odd key']</c>)
/// into the field names problem responses use (<c>location.latitude</c>).</summary>
public static class JsonPaths
{
    public static string ToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
            : path.StartsWith('$') ? path[1..]
            : path;
        field = field.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }
}
