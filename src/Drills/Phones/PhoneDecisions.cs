using System.Text;
using Mobilize.Drills.Scenarios;

namespace Mobilize.Drills.Phones;

/// <summary>What a volunteer decides about an offer, drawn from a hash of the seed, the volunteer and the offer rather
/// than from a shared random stream: the same seed gives the same answers whatever order the offers arrive in.</summary>
public static class PhoneDecisions
{
    public static (bool Accept, TimeSpan Delay) Decide(int seed, string volunteer, string offer, PhoneBehaviour behaviour)
    {
        var accept = Uniform(seed, volunteer, offer, 1) < behaviour.Acceptance;
        var spread = behaviour.AnswerDelayMax - behaviour.AnswerDelayMin;
        return (accept, behaviour.AnswerDelayMin + spread * Uniform(seed, volunteer, offer, 2));
    }

    /// <summary>A uniform draw in [0, 1) from FNV-1a over the inputs: stable across processes and runtimes.</summary>
    public static double Uniform(int seed, string a, string b, int salt)
    {
        var hash = 14695981039346656037UL;
        void Mix(ReadOnlySpan<byte> bytes)
        {
            foreach (var x in bytes)
            {
                hash ^= x;
                hash *= 1099511628211UL;
            }
        }
        Mix(BitConverter.GetBytes(seed));
        Mix(Encoding.UTF8.GetBytes(a));
        Mix([0]);
        Mix(Encoding.UTF8.GetBytes(b));
        Mix(BitConverter.GetBytes(salt));
        // Final avalanche so nearby inputs do not give nearby draws.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Straight-line distance in metres (haversine).</summary>
    public static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }
}
