using System.Buffers.Binary;
using System.Diagnostics;
using Mobilize.Benchmarks.Flow;
using Mobilize.Benchmarks.Storage;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;
using Npgsql;
using NpgsqlTypes;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>
/// <c>dispatch-postgis [points] [queries] [clients…]</c>: the directory's k-nearest query (the grid index with a
/// capability filter, as <see cref="Grains.Dispatch.DispatchDirectory"/> runs it) against PostGIS KNN over the same
/// teams in the same run: <c>ORDER BY … &lt;-&gt; point LIMIT k</c> on a GiST index, the capability as an integer
/// bitmask column, on geography and on geometry projected to metres. All answer the same queries from the same points;
/// a sample is checked set for set first.
/// </summary>
/// <remarks>
/// Not geometry in SRID 4326: <c>&lt;-&gt;</c> there orders by planar degrees, which at 39° N weighs a degree of
/// longitude like one of latitude although it is only cos φ ≈ 0.78 as long, so it answers a different question.
/// Geography orders by distance on the sphere, as the grid's haversine does; a projected CRS in metres is planar
/// and cheaper, and agrees but for teams within a few tenths of a percent of the k-th distance.
/// The tables live in schema <see cref="Schema"/> of the test database (PostGIS is installed there) and are dropped
/// at the end, also after a failure.
/// </remarks>
public static class PostgisKnnProbe
{
    private const string Schema = "bench_knn";
    private const string Capability = "water-rescue";
    private const int CheckedQueries = 500;
    private const int Block = 500;
    private const string QueryPoint = "ST_SetSRID(ST_MakePoint($1, $2), 4326)";

    /// <summary>The exact equivalent: geography, ordered by distance on the sphere. Differences from the grid's haversine
    /// are rounding (the two radii differ by 5e-9), so only true ties may swap at the cut.</summary>
    private static readonly Variant Geography = new("PostGIS geography (sphere metres)", "teams", $"geog <-> {QueryPoint}::geography", 1e-6);

    /// <summary>The fast form a typical system would reach for: planar geometry in a projected CRS in metres (UTM zone
    /// 50N, central meridian 117° E, mid-province). Its distances are on the WGS 84 ellipsoid, not the sphere, so they
    /// differ from haversine by up to a few tenths of a percent depending on direction (measured: 3e-3), and two teams
    /// that close to the cut may swap; the check allows that and counts it.</summary>
    private static readonly Variant Projected = new("PostGIS geometry (UTM 50N metres)", "teams_utm", $"geom <-> ST_Transform({QueryPoint}, 32650)", 5e-3);

    private static readonly Variant[] Variants = [Geography, Projected];

    public static void Run(string[] args)
    {
        var points = args.Length > 0 ? int.Parse(args[0]) : ProvinceData.DefaultPoints;
        var queries = args.Length > 1 ? int.Parse(args[1]) : 20_000;
        int[] clients = args.Length > 2 ? args.Skip(2).Select(int.Parse).ToArray() : [4, 16];
        Console.WriteLine($"load average at start: {FlowWorld.LoadAverage()}");
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (DOTNET_gcServer=1 for the Api's)");

        var data = new ProvinceData(points);
        var catalog = CapabilityCatalog.CreateStandard();
        // The province data's bits are the standard catalog's, in its order: bit 0 is "water-rescue", held by half.
        if (!catalog.TryRequire([Capability], out var required) || required != ProvinceData.Required)
            throw new InvalidOperationException($"'{Capability}' is not bit 0 of the standard catalog.");
        var mask = checked((int)required.Mask);
        var index = Timed($"grid: {points:N0} upserts + Compact (production options)", () => data.BuildIndex(new GeoGridIndexOptions()));
        Func<int, int, int> grid = (_, q) => DirectoryNearest(index, catalog, data.QueryLat[q], data.QueryLon[q]).Count;

        using var dataSource = NpgsqlDataSource.Create(StorageWriteBenchmarks.PostgresConnectionString);
        try
        {
            Load(dataSource, data);
            foreach (var variant in Variants)
            {
                ExplainGenericPlan(dataSource, variant, data, mask);
                using var client = new KnnClient(dataSource, variant.Sql, mask);
                Check(dataSource, variant, client, data, index, catalog);
            }

            Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");
            var single = Variants.Select(v => new KnnClient(dataSource, v.Sql, mask)).ToArray();
            try
            {
                var engines = Engines(data, grid, [single], 1);
                SingleClient(data, queries / 10, engines, report: false); // warm-up: tiered JIT, the server's caches
                SingleClient(data, queries, engines, report: true);
            }
            finally
            {
                foreach (var client in single) client.Dispose();
            }
            foreach (var count in clients) Concurrent(dataSource, data, grid, mask, count, seconds: 3, rounds: 3);
            Console.WriteLine($"load average at the end: {FlowWorld.LoadAverage()}");
        }
        finally
        {
            using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
            drop.ExecuteNonQuery();
            Console.WriteLine($"schema {Schema} dropped");
        }
    }

    private sealed record Variant(string Name, string Table, string Distance, double TieTolerance)
    {
        public string Sql => $"SELECT id FROM {Schema}.{Table} WHERE (caps & $3) = $3 ORDER BY {Distance} LIMIT $4";

        public string SqlWithDistances => $"SELECT id, {Distance} FROM {Schema}.{Table} WHERE (caps & $3) = $3 ORDER BY {Distance} LIMIT $4";
    }

    private sealed record Engine(string Name, Func<int, int, int> Query);

    private sealed record Measured(Engine Engine, int Clients, double[] Times, double Rate);

    /// <summary>The grid, then each PostGIS variant; <paramref name="clients"/>[c][v] is client c's connection for variant v.</summary>
    private static Engine[] Engines(ProvinceData data, Func<int, int, int> grid, KnnClient[][] clients, int count) =>
    [
        new("grid (DispatchDirectory.Nearest path)", grid),
        .. Variants.Select((v, i) => new Engine($"{v.Name}, {count} connection{(count == 1 ? "" : "s")}",
            (c, q) => clients[c][i].Nearest(data.QueryLon[q], data.QueryLat[q]).Count)),
    ];

    /// <summary>What <see cref="Grains.Dispatch.DispatchDirectory.Nearest"/> does before it reads cards: the capability
    /// code to a mask through the catalog, then the index's k nearest without a radius limit.</summary>
    private static IReadOnlyList<Neighbor<int>> DirectoryNearest(GeoGridIndex<int> index, CapabilityCatalog catalog, double lat, double lon) =>
        catalog.TryRequire([Capability], out var required)
            ? index.Nearest(lat, lon, ProvinceData.K, required, double.PositiveInfinity)
            : [];

    private static void Load(NpgsqlDataSource dataSource, ProvinceData data)
    {
        using var connection = dataSource.OpenConnection();
        Execute(connection, $"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        Execute(connection, $"CREATE SCHEMA {Schema}");
        Execute(connection, $"CREATE TABLE {Schema}.teams (id integer NOT NULL, caps integer NOT NULL, geog geography(Point, 4326) NOT NULL)");
        var t0 = Stopwatch.GetTimestamp();
        using (var writer = connection.BeginBinaryImport($"COPY {Schema}.teams (id, caps, geog) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < data.Count; i++)
            {
                writer.StartRow();
                writer.Write(i, NpgsqlDbType.Integer);
                writer.Write(checked((int)data.Mask[i]), NpgsqlDbType.Integer);
                // COPY BINARY hands each field's bytes to the column type's receive function, and geography's
                // reads (E)WKB, so no client-side PostGIS type mapping is needed.
                writer.Write(Ewkb(data.Lon[i], data.Lat[i]), NpgsqlDbType.Bytea);
            }
            writer.Complete();
        }
        Console.WriteLine($"postgis: COPY (binary) of {data.Count:N0} rows: {Elapsed(t0)}");
        // The projected table is derived on the server, in load order, so it holds the same teams as the same rows.
        t0 = Stopwatch.GetTimestamp();
        Execute(connection, $"CREATE TABLE {Schema}.teams_utm AS SELECT id, caps, ST_Transform(geog::geometry, 32650)::geometry(Point, 32650) AS geom FROM {Schema}.teams");
        Console.WriteLine($"postgis: teams_utm from teams (ST_Transform to EPSG:32650): {Elapsed(t0)}");
        foreach (var (table, column) in new[] { ("teams", "geog"), ("teams_utm", "geom") })
        {
            t0 = Stopwatch.GetTimestamp();
            Execute(connection, $"CREATE INDEX {table}_{column} ON {Schema}.{table} USING gist ({column})");
            Execute(connection, $"VACUUM ANALYZE {Schema}.{table}");
            Console.WriteLine($"postgis: CREATE INDEX … USING gist ({column}) after loading, then VACUUM ANALYZE: {Elapsed(t0)}");
        }
        using var sizes = new NpgsqlCommand(
            $"SELECT pg_size_pretty(pg_table_size('{Schema}.teams')), pg_size_pretty(pg_relation_size('{Schema}.teams_geog')), " +
            $"pg_size_pretty(pg_table_size('{Schema}.teams_utm')), pg_size_pretty(pg_relation_size('{Schema}.teams_utm_geom')), " +
            "current_setting('shared_buffers'), current_setting('server_version'), postgis_lib_version()", connection);
        using var reader = sizes.ExecuteReader();
        reader.Read();
        Console.WriteLine($"postgis: teams {reader.GetString(0)} + GiST {reader.GetString(1)}; teams_utm {reader.GetString(2)} + GiST {reader.GetString(3)}; " +
                          $"shared_buffers {reader.GetString(4)}, PostgreSQL {reader.GetString(5)}, PostGIS {reader.GetString(6)}");
    }

    private static byte[] Ewkb(double lon, double lat)
    {
        var bytes = new byte[25];
        bytes[0] = 1; // little-endian
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), 0x20000001); // Point, with an SRID
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(5), 4326);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(9), lon);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(17), lat);
        return bytes;
    }

    // A prepared statement settles on the generic plan after five executions; show that it is the GiST ordering scan
    // with the filter, not a sequential scan and a sort.
    private static void ExplainGenericPlan(NpgsqlDataSource dataSource, Variant variant, ProvinceData data, int mask)
    {
        using var connection = dataSource.OpenConnection();
        Execute(connection, "SET plan_cache_mode = force_generic_plan");
        Execute(connection, $"PREPARE knn(float8, float8, integer, integer) AS {variant.Sql}");
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        // Run it once first so the plan shown is a warm one, like those timed.
        foreach (var analyze in new[] { "", "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " })
        {
            using var command = new NpgsqlCommand(
                $"{analyze}EXECUTE knn({data.QueryLon[0].ToString(invariant)}, {data.QueryLat[0].ToString(invariant)}, {mask}, {ProvinceData.K})", connection);
            using var reader = command.ExecuteReader();
            if (analyze.Length == 0) continue;
            Console.WriteLine($"postgis: generic plan, {variant.Name}:");
            while (reader.Read()) Console.WriteLine($"    {reader.GetValue(0)}");
        }
    }

    /// <summary>The same nearest sets from the statement that is timed, ties aside: where the sets differ, every team in
    /// one and not the other must lie at the k-th distance (by the same haversine, within the variant's tolerance), which
    /// only a tie at the cut can explain. A second statement that also returns PostGIS's distances must agree with the
    /// timed one.</summary>
    private static void Check(NpgsqlDataSource dataSource, Variant variant, KnnClient client, ProvinceData data, GeoGridIndex<int> index,
        CapabilityCatalog catalog)
    {
        using var withDistances = new KnnClient(dataSource, variant.SqlWithDistances, checked((int)ProvinceData.Required.Mask));
        var (same, ties, different, worstRelative) = (0, 0, 0, 0.0);
        for (var q = 0; q < CheckedQueries; q++)
        {
            var (lat, lon) = (data.QueryLat[q], data.QueryLon[q]);
            var here = new GeoPoint(lat, lon);
            var distances = withDistances.NearestWithDistances(lon, lat);
            foreach (var (id, meters) in distances)
            {
                var haversine = here.DistanceMetersTo(new GeoPoint(data.Lat[id], data.Lon[id]));
                worstRelative = Math.Max(worstRelative, Math.Abs(meters - haversine) / Math.Max(haversine, 1));
            }
            var postgisIds = client.Nearest(lon, lat).ToHashSet();
            if (!postgisIds.SetEquals(distances.Select(p => p.Id)))
                throw new InvalidOperationException($"{variant.Name}, query {q}: the timed statement and the one with distances disagree.");
            var grid = DirectoryNearest(index, catalog, lat, lon);
            var gridIds = grid.Select(n => n.Key).ToHashSet();
            if (gridIds.SetEquals(postgisIds) && gridIds.Count == ProvinceData.K)
            {
                same++;
                continue;
            }
            var cut = grid.Count == ProvinceData.K ? grid[^1].DistanceMeters : double.NaN;
            var onlyOne = gridIds.Union(postgisIds).Except(gridIds.Intersect(postgisIds));
            var tie = postgisIds.Count == grid.Count && onlyOne.All(id =>
                Math.Abs(here.DistanceMetersTo(new GeoPoint(data.Lat[id], data.Lon[id])) - cut) <= variant.TieTolerance * Math.Max(cut, 1));
            if (tie) ties++;
            else
            {
                different++;
                if (different <= 3)
                    Console.WriteLine($"  query {q} ({lat:F5}, {lon:F5}): grid [{string.Join(", ", gridIds.Order())}] postgis [{string.Join(", ", postgisIds.Order())}]");
            }
        }
        Console.WriteLine($"check, {variant.Name}: grid vs PostGIS on {CheckedQueries} queries: {same} identical sets, {ties} differing only at the cut " +
                          $"(within {variant.TieTolerance * 100:G2} % of the k-th distance), {different} different; PostGIS distance vs haversine: worst relative difference {worstRelative:E1}");
        if (different > 0) throw new InvalidOperationException("The two answer different questions; the timings would not be comparable.");
    }

    private static void SingleClient(ProvinceData data, int queries, Engine[] engines, bool report)
    {
        var times = engines.Select(_ => new double[queries]).ToArray();
        var ticks = new long[engines.Length];
        var mask = data.QueryLat.Length - 1;
        // Alternating blocks so all see the same machine load; each one's throughput is its queries over its own time.
        for (var start = 0; start < queries; start += Block)
        {
            var end = Math.Min(start + Block, queries);
            for (var e = 0; e < engines.Length; e++) ticks[e] += TimeBlock(start, end, engines[e].Query, times[e], mask);
        }
        if (!report) return;
        Console.WriteLine($"single client, {queries:N0} queries each, alternating blocks of {Block}:");
        Table(engines.Select((e, i) => new Measured(e, 1, times[i], queries / (ticks[i] / (double)Stopwatch.Frequency))).ToArray());
    }

    private static long TimeBlock(int start, int end, Func<int, int, int> query, double[] times, int mask)
    {
        var blockStart = Stopwatch.GetTimestamp();
        for (var i = start; i < end; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            query(0, i & mask);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        return Stopwatch.GetTimestamp() - blockStart;
    }

    /// <summary>Closed-loop clients, each a thread (with its own connections for PostGIS), rounds alternating between the
    /// engines; the round with the median throughput is reported for each.</summary>
    private static void Concurrent(NpgsqlDataSource dataSource, ProvinceData data, Func<int, int, int> grid, int mask, int clients, double seconds, int rounds)
    {
        var connections = Enumerable.Range(0, clients).Select(_ => Variants.Select(v => new KnnClient(dataSource, v.Sql, mask)).ToArray()).ToArray();
        try
        {
            var engines = Engines(data, grid, connections, clients);
            var results = engines.Select(_ => new List<Measured>()).ToArray();
            for (var round = 0; round < rounds; round++)
                for (var e = 0; e < engines.Length; e++)
                    results[e].Add(ClosedLoop(data, engines[e], clients, seconds));
            Console.WriteLine($"{clients} concurrent clients, {rounds} alternating rounds of {seconds:F0} s each, median round shown " +
                              $"(queries/s per round: {string.Join("; ", results.Select((r, e) => $"{engines[e].Name.Split(',')[0]} {string.Join(" · ", r.Select(m => m.Rate.ToString("N0")))}"))}); " +
                              $"load {FlowWorld.LoadAverage()}:");
            Table(results.Select(r => r.OrderBy(m => m.Rate).ElementAt(rounds / 2)).ToArray());
        }
        finally
        {
            foreach (var client in connections.SelectMany(c => c)) client.Dispose();
        }
    }

    private static Measured ClosedLoop(ProvinceData data, Engine engine, int clients, double seconds)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var samples = new List<double>[clients];
        var started = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
        {
            var mine = new List<double>(1 << 16);
            var mask = data.QueryLat.Length - 1;
            // Each client starts at its own place in the query list so they do not all ask the same thing at once.
            for (var i = c * 997; Stopwatch.GetTimestamp() < stopAt; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                engine.Query(c, i & mask);
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
            samples[c] = mine;
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = samples.SelectMany(s => s).ToArray();
        return new Measured(engine, clients, all, all.Length / elapsed);
    }

    private static void Table(Measured[] rows)
    {
        Console.WriteLine("| engine | clients | queries | p50 µs | p90 µs | p99 µs | p99.9 µs | queries/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var sorted = rows.Select(r => r.Times.Order().ToArray()).ToArray();
        for (var i = 0; i < rows.Length; i++)
            Console.WriteLine($"| {rows[i].Engine.Name} | {rows[i].Clients} | {sorted[i].Length:N0} | {P(sorted[i], 0.5):N1} | {P(sorted[i], 0.9):N1} | " +
                              $"{P(sorted[i], 0.99):N1} | {P(sorted[i], 0.999):N1} | {rows[i].Rate:N0} |");
        for (var i = 1; i < rows.Length; i++)
            Console.WriteLine($"ratio {rows[i].Engine.Name.Split(',')[0]} / grid: p50 {P(sorted[i], 0.5) / P(sorted[0], 0.5):F1}x, " +
                              $"p99 {P(sorted[i], 0.99) / P(sorted[0], 0.99):F1}x, throughput grid / PostGIS {rows[0].Rate / rows[i].Rate:F1}x");
    }

    private static double P(double[] sorted, double q) => FlowWorld.Percentile(sorted, q);

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.ExecuteNonQuery();
    }

    private static T Timed<T>(string what, Func<T> action)
    {
        var t0 = Stopwatch.GetTimestamp();
        var result = action();
        Console.WriteLine($"{what}: {Elapsed(t0)}");
        return result;
    }

    private static string Elapsed(long start) => $"{Stopwatch.GetElapsedTime(start).TotalMilliseconds:N0} ms";

    /// <summary>One connection with a KNN statement prepared on the server, as a service holding a pool would use it;
    /// synchronous calls, since a thread per client is the cheapest way for a closed loop to wait on a socket.</summary>
    private sealed class KnnClient : IDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlCommand _command;
        private readonly NpgsqlParameter<double> _lon = new() { NpgsqlDbType = NpgsqlDbType.Double };
        private readonly NpgsqlParameter<double> _lat = new() { NpgsqlDbType = NpgsqlDbType.Double };
        private readonly List<int> _ids = new(ProvinceData.K);

        public KnnClient(NpgsqlDataSource dataSource, string sql, int mask)
        {
            _connection = dataSource.OpenConnection();
            _command = new NpgsqlCommand(sql, _connection);
            _command.Parameters.Add(_lon);
            _command.Parameters.Add(_lat);
            _command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = mask });
            _command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = ProvinceData.K });
            _command.Prepare();
        }

        public List<int> Nearest(double lon, double lat)
        {
            _lon.TypedValue = lon;
            _lat.TypedValue = lat;
            _ids.Clear();
            using var reader = _command.ExecuteReader();
            while (reader.Read()) _ids.Add(reader.GetInt32(0));
            return _ids;
        }

        public List<(int Id, double Meters)> NearestWithDistances(double lon, double lat)
        {
            _lon.TypedValue = lon;
            _lat.TypedValue = lat;
            var found = new List<(int Id, double Meters)>(ProvinceData.K);
            using var reader = _command.ExecuteReader();
            while (reader.Read()) found.Add((reader.GetInt32(0), reader.GetDouble(1)));
            return found;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
