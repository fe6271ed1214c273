namespace Mobilize.Api.Access;

/// <summary>Secrets on disk readable by the server's own user only (mode 0600), written whole or not at all.</summary>
public static class PrivateFile
{
    public static void Write(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Created with the narrow mode rather than narrowed afterwards, so no other user can open it in between.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(contents);
        File.Move(temporary, path, overwrite: true);
    }
}
