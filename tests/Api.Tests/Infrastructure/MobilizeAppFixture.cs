namespace Mobilize.Api.Tests.Infrastructure;

/// <summary>One application per test class, SQLite in a temp folder of its own.</summary>
public sealed class MobilizeAppFixture : IAsyncLifetime
{
    public MobilizeApp App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => App.DisposeAndDeleteStoreAsync();
}
