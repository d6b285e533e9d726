using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// The settings an operator reads about (docs/operations.md, README § Configuration) and the settings the shipped
/// appsettings.json carries must be ones the server reads: each resolves to a property of an options class bound from
/// its section (the classes with a <c>Section</c> constant), or to a setting read by name (connection strings, the
/// framework's own). A renamed property or a dead key in appsettings.json then fails here instead of silently doing
/// nothing in production. No database, no host.
/// </summary>
public sealed partial class OperationsDocConfigurationTests
{
    // Read by the framework or by name rather than through an options class.
    private static readonly string[] ReadByName =
    [
        "ConnectionStrings:Maritime", "ConnectionStrings:Redis", "Realtime:RedisChannelPrefix", "AllowedHosts",
    ];

    private static readonly string[] FrameworkSections = ["Logging", "Kestrel"];

    // Options classes whose section constant lives on their setup class.
    private static readonly Dictionary<string, Type> SectionOwners = new(StringComparer.OrdinalIgnoreCase)
    {
        ["History"] = typeof(MaritimeCoord.Domain.History.HistoryLimits),
    };

    [Fact]
    public void Every_setting_named_in_the_operations_guide_and_the_readme_table_is_read_by_the_server()
    {
        var root = RepositoryRoot();
        var named = SettingNames(File.ReadAllText(Path.Combine(root, "docs", "operations.md")))
            .Concat(SettingNames(ReadmeConfigurationTable(File.ReadAllText(Path.Combine(root, "README.md")))))
            .Distinct().ToList();
        Assert.True(named.Count > 20, $"the guard found only {named.Count} setting names: is the pattern still right?");
        Assert.Contains("PersonalData:KeyDirectory", named);
        var unread = named.Where(n => !IsRead(n)).ToList();
        Assert.True(unread.Count == 0, "named in the docs but read nowhere: " + string.Join(", ", unread));
    }

    [Fact]
    public void Every_key_of_the_shipped_appsettings_is_read_by_the_server()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "MaritimeCoord.Server", "appsettings.json")));
        var keys = new List<string>();
        Leaves(json.RootElement, "", keys);
        var dead = keys.Where(k => !IsRead(k)).ToList();
        Assert.True(dead.Count == 0, "dead configuration in appsettings.json: " + string.Join(", ", dead));
    }

    [Theory]
    [InlineData("Server:Api", false)]
    [InlineData("Jobs:NoSuchCron", false)]
    [InlineData("Ingest:Feeds:0:Port", true)]
    [InlineData("Messaging:RabbitMq*", true)]
    [InlineData("Detection:Cron", true)]
    public void The_resolver_tells_read_settings_from_unread_ones(string key, bool read) => Assert.Equal(read, IsRead(key));

    private static bool IsRead(string key)
    {
        if (key.StartsWith("OTEL_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) return true;
        if (ReadByName.Contains(key, StringComparer.OrdinalIgnoreCase)) return true;
        var parts = key.Split(':');
        if (FrameworkSections.Contains(parts[0], StringComparer.OrdinalIgnoreCase)) return true;
        if (!Sections().TryGetValue(parts[0], out var type)) return false;
        foreach (var part in parts.Skip(1))
        {
            if (int.TryParse(part, out _) || part == "N")
            {
                type = ElementType(type);
                if (type is null) return false;
                continue;
            }
            var wildcard = part.EndsWith('*');
            var name = part.TrimEnd('*');
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);
            if (wildcard) return properties.Any(p => p.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase));
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return false;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return true;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericArguments().Length == 1 ? type.GetGenericArguments()[0] : null;

    private static Dictionary<string, Type> Sections()
    {
        var sections = new Dictionary<string, Type>(SectionOwners, StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field) continue;
            if (type.IsAbstract && type.IsSealed) continue; // a static setup class: its options type is in SectionOwners
            sections.TryAdd((string)field.GetRawConstantValue()!, type);
        }
        return sections;
    }

    /// <summary>`Section:Key`, `Section__Key`, `Section__Key=value` in backticks, as the docs write settings.</summary>
    internal static IEnumerable<string> SettingNames(string markdown) =>
        Backticked().Matches(markdown)
            .Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal))
            .Where(s => s.Contains(':', StringComparison.Ordinal) && !s.Contains("//", StringComparison.Ordinal))
            .Select(s => s.Split('=')[0]);

    private static string ReadmeConfigurationTable(string readme)
    {
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Configuration section");
        var end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static void Leaves(JsonElement element, string prefix, List<string> keys)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var property in element.EnumerateObject())
                Leaves(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", keys);
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in element.EnumerateArray()) Leaves(item, $"{prefix}:{i++}", keys);
        }
        else keys.Add(prefix);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    [GeneratedRegex(@"`([A-Z][A-Za-z0-9]*(?:(?::|__)(?:[A-Za-z0-9]+\*?|\*))+(?:=[^`]*)?)`")]
    private static partial Regex Backticked();
}
