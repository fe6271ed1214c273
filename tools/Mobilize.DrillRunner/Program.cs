using System.CommandLine;
using Mobilize.DrillRunner;

var root = new RootCommand("Mobilize drill runner: synthetic jurisdictions on real district boundaries, scenarios of injects, " +
                           "simulated volunteers' phones acting through the public API. Also the drill load test.");
root.Subcommands.Add(Commands.Generate());
root.Subcommands.Add(Commands.Run());
return await root.Parse(args).InvokeAsync();
