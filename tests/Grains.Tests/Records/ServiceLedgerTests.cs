using System.Collections.Immutable;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Records;

public sealed class ServiceLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly TeamId Team = TeamId.Create("cy-a");

    private static ServiceEntry In(string incident, double hour, bool exercise = false) => new(IncidentId.Create(incident), Team, ServiceEntryKind.CheckIn, T0.AddHours(hour), exercise);

    private static ServiceEntry Out(string incident, double hour, bool exercise = false) => new(IncidentId.Create(incident), Team, ServiceEntryKind.CheckOut, T0.AddHours(hour), exercise);

    [Fact]
    public void hours_add_up_per_paired_session_with_drills_counted_apart_and_open_sessions_not_counted()
    {
        ImmutableList<ServiceEntry> ledger = [In("flood", 0), In("drill", 1, true), Out("flood", 3), Out("drill", 2.5, true), In("fire", 4)];

        var summary = ServiceLedger.Summarise(VolunteerId.Create("v1"), ledger);

        Assert.Equal(TimeSpan.FromHours(3), summary.ServiceTime);
        Assert.Equal(TimeSpan.FromHours(1.5), summary.ExerciseTime);
        Assert.Equal(2, summary.Tasks);
        Assert.Null(summary.Sessions.Single(s => s.Incident.Value == "fire").CheckedOut);
    }

    [Fact]
    public void a_check_out_without_check_in_a_second_check_in_or_an_entry_back_in_time_is_refused()
    {
        ImmutableList<ServiceEntry> checkedIn = [In("flood", 1)];

        Assert.Equal("not checked in", ServiceLedger.Problem([], Out("flood", 1)));
        Assert.Equal("already checked in", ServiceLedger.Problem(checkedIn, In("flood", 2) with { Team = TeamId.Create("other") }));
        Assert.Equal("is earlier than the previous entry", ServiceLedger.Problem(checkedIn, Out("flood", 0.5)));
        Assert.True(ServiceLedger.IsRepeat(checkedIn, In("flood", 2)));
    }
}
