using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Reminders;
using Mobilize.Silo.Tests.Storage;
using Orleans;

namespace Mobilize.Silo.Tests.Reminders;

public sealed class ReminderRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create();

    [Fact]
    public void the_co_hosted_default_keeps_reminders_in_the_sqlite_file_of_its_data_folder()
    {
        using var host = Build(new() { ["Silo:DataDirectory"] = _folder.Path, ["Silo:ServiceId"] = "jurisdiction-a" });

        var table = Assert.IsType<SqliteReminderTable>(host.Services.GetRequiredService<IReminderTable>());

        Assert.Equal(Path.Combine(_folder.Path, "mobilize.db"), table.DatabasePath);
        Assert.Equal("jurisdiction-a", table.ServiceId);
        Assert.NotNull(host.Services.GetService<IReminderService>());
    }

    [Fact]
    public void the_postgres_mode_keeps_reminders_in_its_schema()
    {
        using var host = Build(new()
        {
            ["Silo:Storage"] = "Postgres",
            ["Silo:PostgresConnectionString"] = PostgresSchema.ConnectionString,
            ["Silo:PostgresSchema"] = "province_b",
        });

        var table = Assert.IsType<PostgresReminderTable>(host.Services.GetRequiredService<IReminderTable>());

        Assert.Equal(("province_b", "mobilize"), (table.Schema, table.ServiceId));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMobilizeSilo();
        return builder.Build();
    }

    public void Dispose() => _folder.Dispose();
}
