using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Mobilize.Actors.Diagnostics;

namespace Mobilize.Actors.Tests.Diagnostics;

public sealed class MetricsAndMessagesTests
{
    [Fact]
    public async Task runtime_reports_calls_activations_and_call_latency_through_its_meter()
    {
        var seen = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorMeters.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => seen.AddOrUpdate(i.Name, v, (_, n) => n + v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => seen.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
        listener.Start();
        await using var cluster = await Cluster.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(Cluster.Key());

        for (var i = 0; i < 5; i++) await counter.Increment();

        Assert.True(seen.GetValueOrDefault("mobilize.actors.calls") >= 5);
        Assert.True(seen.GetValueOrDefault("mobilize.actors.activations.created") >= 1);
        Assert.True(seen.GetValueOrDefault("mobilize.actors.call.duration") >= 5);
    }

    public sealed record GoodMessage(string Name, ImmutableArray<int> Values, ImmutableDictionary<string, GoodPart> Parts);

    public sealed record GoodPart(DateTimeOffset At, TimeSpan For);

    public sealed record ListMessage(List<int> Values);

    public sealed class SettableMessage
    {
        public string? Name { get; set; }
    }

    public record OpenRecord(string Name);

    public interface IGoodGrain : IGrainWithStringKey
    {
        Task<GoodMessage> Read(GoodPart part, CancellationToken cancellationToken);
    }

    public interface IBadGrain : IGrainWithStringKey
    {
        Task Write(ListMessage message);

        Task<SettableMessage> Read();

        Task Send(OpenRecord record, int[] numbers, IReadOnlyList<string> names);
    }

    [Fact]
    public void deeply_immutable_messages_pass_the_immutability_check()
    {
        Assert.Empty(MessageImmutability.Check([typeof(IGoodGrain)]));
    }

    [Fact]
    public void mutable_messages_are_each_named_by_the_immutability_check()
    {
        var problems = MessageImmutability.Check([typeof(IBadGrain)]);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("ListMessage") && p.Contains("List<Int32> may hold") || p.Contains("List<Int32> is not sealed"));
        Assert.Contains(problems, p => p.Contains("SettableMessage.Name is writable"));
        Assert.Contains(problems, p => p.Contains("OpenRecord is not sealed"));
        Assert.Contains(problems, p => p.Contains("Int32[] is an array"));
        Assert.Contains(problems, p => p.Contains("IReadOnlyList<String> may hold a mutable object"));
    }
}
