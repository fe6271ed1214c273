namespace Mobilize.Api.Tests.Infrastructure;

/// <summary>A test class that runs the real server process (as the README's first command does) on a data folder of
/// its own, removed afterwards. A test may kill <see cref="Server"/> and start another on the same folder.</summary>
public abstract class RealServerTest(string name) : IAsyncLifetime
{
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory($"mobilize-{name}-").FullName;

    protected ServerProcess Server { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Server = ServerProcess.Start(DataDirectory, ServerProcess.FreePort());
        await Server.WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
