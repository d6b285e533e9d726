using System.CommandLine;
using MaritimeCoord.Cli.Ais;

namespace MaritimeCoord.Cli.Commands;

internal static class AisCommands
{
    public static Command Build()
    {
        var ais = new Command("ais", "AIS tools: NMEA 0183 AIVDM/AIVDO decoding");

        var unscaled = new Option<bool>("--unscaled", "-u")
        {
            Description = "Raw integer units, as gpsdecode -u (lat/lon in 1/10000 min, speed in 0.1 kn, course in 0.1°)",
        };
        var file = new Argument<string?>("file")
        {
            Description = "Input file of NMEA lines; '-' or nothing reads stdin",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var decode = new Command("decode", "Decode AIVDM/AIVDO to one gpsd-style JSON object per message on stdout; a summary of rejects goes to stderr");
        decode.Options.Add(unscaled);
        decode.Arguments.Add(file);
        decode.SetAction(parseResult => AisDecodeRunner.Run(parseResult.GetValue(file), parseResult.GetValue(unscaled)));
        ais.Subcommands.Add(decode);
        return ais;
    }
}
