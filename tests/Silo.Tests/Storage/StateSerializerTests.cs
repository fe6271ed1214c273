using System.Text;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Tests.Storage;

public sealed class StateSerializerTests
{
    private sealed record Named(string Name, string Address);

    [Fact]
    public void chinese_is_stored_as_itself_and_rows_written_with_escapes_still_read()
    {
        var serializer = new JsonStateSerializer();
        var written = serializer.Serialize(new Named("王芳", "北京市朝阳区\"望京\"<1>"));
        var json = Encoding.UTF8.GetString(written);

        Assert.Contains("王芳", json);
        Assert.DoesNotContain("\\u738B", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new Named("王芳", "北京市朝阳区\"望京\"<1>"), serializer.Deserialize<Named>(written));
        Assert.Equal(new Named("王芳", "x"), serializer.Deserialize<Named>("{\"name\":\"\\u738B\\u82B3\",\"address\":\"x\"}"u8));
    }
}
