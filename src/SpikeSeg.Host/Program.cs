using SpikeSeg.Host.Cli;

return SpikeSegCli.Run(args);
