using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Silo;

/// <summary>A silo that is configured wrong refuses to start, saying which setting is wrong.</summary>
public sealed class SiloOptionsTests
{
    [Theory]
    [InlineData("Postgres", "Silo:PostgresConnectionString", "", "PostgresConnectionString")]
    [InlineData("Sqlite", "Silo:DataDirectory", "", "DataDirectory")]
    [InlineData("Postgres", "Silo:PostgresSchema", "Robert'); DROP TABLE", "PostgresSchema")]
    public async Task a_bad_silo_setting_stops_the_start_and_names_the_setting(string storage, string key, string value, string named)
    {
        var root = new MobilizeApp(Enum.Parse<TestStorage>(storage));
        var app = root.WithWebHostBuilder(web => web.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(Unwrap(failure));
        Assert.Contains(named, string.Join(" ", validation.Failures));
        await root.DisposeAndDeleteStoreAsync();
    }

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
