using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class DomainImmutabilityTests
{
    /// <summary>Grains will pass these in messages without copying, so none may be changeable after construction.</summary>
    [Fact]
    public void every_public_type_in_the_domain_rules_is_deeply_immutable()
    {
        string[] folders = ["Mobilize.Grains.Shared", "Mobilize.Grains.Registry", "Mobilize.Grains.Readiness", "Mobilize.Grains.Dispatch"];
        var types = typeof(GeoPoint).Assembly.GetExportedTypes()
            .Where(t => folders.Contains(t.Namespace) && !(t.IsAbstract && t.IsSealed) && !t.IsInterface && t != typeof(TypedIdJsonConverterFactory))
            .ToList();
        Assert.Contains(typeof(RecruitmentState), types);
        Assert.Empty(types.Select(t => MessageImmutability.WhyMutable(t)).OfType<string>());
    }
}
