using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Exercises;

/// <summary>The same scripted drill with the same seed, run in two fresh applications, gives the same report byte for
/// byte: the report holds only the facts' own times and the scenario's own ids (the generated exercise id is not in it).</summary>
public sealed class ExerciseDeterminismTests
{
    private const int Seed = 20260720;

    [Fact]
    public async Task a_scripted_drill_with_a_fixed_seed_produces_the_same_report_twice()
    {
        var first = await RunInFreshAppAsync(Seed);
        var second = await RunInFreshAppAsync(Seed);

        Assert.Equal(first, second);
        var report = JsonNode.Parse(first)!;
        Assert.Equal("【演练】EXERCISE", (string?)report["marking"]);
        Assert.Equal("Ended", (string?)report["exercise"]!["status"]);
        Assert.True(report["responses"]!.AsArray().Count >= 3, first);
        Assert.Equal(2, report["requirements"]!.AsArray().Count);
        Assert.DoesNotContain("ex-", first);
    }

    [Fact]
    public async Task another_seed_answers_differently_and_so_reports_differently()
    {
        Assert.NotEqual(await RunInFreshAppAsync(Seed), await RunInFreshAppAsync(Seed + 1));
    }

    private static async Task<string> RunInFreshAppAsync(int seed)
    {
        var app = new MobilizeApp();
        try
        {
            var client = app.CreateClient();
            var drill = new FloodDrill(app, client);
            await drill.SetUpAsync();
            var exercise = await drill.StartExerciseAsync();
            await drill.InjectAsync(exercise);
            await drill.RunAsync(exercise, seed);
            return await drill.ReportJsonAsync(exercise);
        }
        finally
        {
            await app.DisposeAndDeleteStoreAsync();
        }
    }
}
