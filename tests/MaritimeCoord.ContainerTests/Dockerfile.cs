using System.Text.RegularExpressions;

namespace MaritimeCoord.ContainerTests;

/// <summary>
/// A Dockerfile read as its stages and instructions (continuation lines joined, comments dropped): enough to check
/// what each stage copies and runs without a container engine.
/// </summary>
internal sealed partial record Dockerfile(IReadOnlyList<string> GlobalArgs, IReadOnlyList<Dockerfile.Stage> Stages)
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string From, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }

    public Stage Named(string name) => Stages.Single(s => s.Name == name);

    /// <summary>The stage `docker build` builds without --target: the last one, followed through plain aliases.</summary>
    public Stage Default
    {
        get
        {
            var stage = Stages[^1];
            while (stage.Instructions.Count == 0 && Stages.FirstOrDefault(s => s.Name == stage.From) is { } aliased) stage = aliased;
            return stage;
        }
    }

    public static Dockerfile Parse(string text)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (current.Length == 0 && string.IsNullOrWhiteSpace(line))) continue;
            if (line.EndsWith('\\')) { current += line[..^1] + " "; continue; }
            logical.Add(current + line);
            current = "";
        }

        var globals = new List<string>();
        var stages = new List<Stage>();
        List<Instruction>? instructions = null;
        foreach (var line in logical)
        {
            var match = InstructionPattern().Match(line.Trim());
            if (!match.Success) throw new FormatException($"Not a Dockerfile instruction: {line}");
            var keyword = match.Groups[1].Value.ToUpperInvariant();
            var arguments = Regex.Replace(match.Groups[2].Value.Trim(), @"\s+", " ");
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ');
                instructions = [];
                stages.Add(new Stage(parts[0], parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, instructions));
            }
            else if (instructions is null)
            {
                if (keyword != "ARG") throw new FormatException($"Only ARG may come before the first FROM: {line}");
                globals.Add(arguments);
            }
            else instructions.Add(new Instruction(keyword, arguments));
        }
        return new Dockerfile(globals, stages);
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();
}
