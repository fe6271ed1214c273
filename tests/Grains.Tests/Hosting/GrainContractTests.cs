using Mobilize.Actors;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Hosting;

public sealed class GrainContractTests
{
    private static readonly Type[] GrainInterfaces = typeof(MobilizeGrainsExtensions).Assembly.GetExportedTypes()
        .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
        .ToArray();

    [Fact]
    public void every_grain_interface_passes_only_deeply_immutable_messages()
    {
        Assert.Contains(typeof(ITeamGrain), GrainInterfaces);
        Assert.Equal(11, GrainInterfaces.Length);
        Assert.Empty(MessageImmutability.Check(GrainInterfaces));
    }

    [Fact]
    public void every_grain_class_is_internal_behind_its_interface()
    {
        var grainClasses = typeof(MobilizeGrainsExtensions).Assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t)).ToList();
        Assert.Equal(11, grainClasses.Count);
        Assert.All(grainClasses, c => Assert.False(c.IsPublic, $"{c.Name} is public"));
    }
}
