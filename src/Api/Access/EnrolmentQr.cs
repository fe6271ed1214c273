using System.Globalization;
using System.Text;
using QRCoder;

namespace Mobilize.Api.Access;

/// <summary>The QR code of an enrolment link, to show on the commander's screen or print for a volunteer whose phone
/// scans it: QRCoder's module matrix drawn as one SVG path, so it scales to any print size and needs no image library.</summary>
public static class EnrolmentQr
{
    /// <summary>Error correction M: a code on a screen or a sheet of paper, scanned close up.</summary>
    public static QRCodeData Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }

    /// <summary>One unit per module; QRCoder's matrix already carries the four-module quiet zone around the code.</summary>
    public static string Svg(string text, string label)
    {
        var data = Encode(text);
        var size = data.ModuleMatrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
            if (data.ModuleMatrix[y][x]) path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
        var title = System.Security.SecurityElement.Escape(label);
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img" aria-label="{title}"><title>{title}</title><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>""";
    }
}
