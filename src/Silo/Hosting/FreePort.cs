using System.Net;
using System.Net.Sockets;

namespace Mobilize.Silo.Hosting;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on now. Orleans must know its port before it binds, so it cannot take 0.</summary>
    public static int Loopback()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
