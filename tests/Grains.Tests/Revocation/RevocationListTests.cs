using Mobilize.TestKit;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Revocation;

namespace Mobilize.Grains.Tests.Revocation;

public sealed class RevocationListTests
{
    [Fact]
    public async Task a_subject_revocation_refuses_tokens_issued_until_then_and_moves_forward_never_back()
    {
        await using var world = await World.StartAsync();
        var list = world.Grains.Revocations();
        var now = world.Now;
        var keep = now.AddDays(31);

        var first = await list.RevokeSubject(new SubjectRevocation("volunteer:v-17", now, now, "administrator", "phone lost", keep));
        Assert.True(first.Revokes("any-token", "volunteer:v-17", now));
        Assert.True(first.Revokes("any-token", "volunteer:v-17", null));
        Assert.False(first.Revokes("any-token", "volunteer:v-17", now.AddSeconds(1)));
        Assert.False(first.Revokes("any-token", "volunteer:v-18", now.AddDays(-1)));

        var earlier = await list.RevokeSubject(new SubjectRevocation("volunteer:v-17", now.AddHours(-1), now, "administrator", "again", keep));
        Assert.Equal(now, earlier.Subjects["volunteer:v-17"].IssuedUpTo);
        var later = await list.RevokeSubject(new SubjectRevocation("volunteer:v-17", now.AddHours(1), now.AddHours(1), "administrator", "left", keep));
        Assert.True(later.Revokes(null, "volunteer:v-17", now.AddMinutes(30)));
    }

    [Fact]
    public async Task revocations_are_kept_in_storage_until_their_tokens_have_expired_and_dropped_at_the_next_write_after()
    {
        var storage = new InMemoryGrainStorage();
        DateTimeOffset now;
        await using (var world = await World.StartAsync(storage))
        {
            now = world.Now;
            await world.Grains.Revocations().RevokeToken(new TokenRevocation("jti-1", now, "administrator", "leaked link", now.AddDays(7)));
        }

        await using var again = await World.StartAsync(storage);
        var list = again.Grains.Revocations();
        Assert.True((await list.Get()).Revokes("jti-1", "administrator", now));
        again.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var after = await list.RevokeToken(new TokenRevocation("jti-2", again.Now, "administrator", "leaked link", again.Now.AddDays(7)));
        Assert.Equal(["jti-2"], after.Tokens.Keys);
        Assert.Equal(2, after.Version);
    }
}
