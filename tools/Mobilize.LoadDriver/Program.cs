using Mobilize.LoadDriver;

return await Driver.RunAsync(DriverOptions.Parse(args));
