using System.Text.Json;
using Chorus.Testing;
using Chorus.Tests.Support;

namespace Chorus.Tests.Charter;

/// <summary>`chorus charter set|show|check` run as a person would, the real executable against a fresh database.</summary>
public sealed class CharterCommandTests
{
    private const string Owner = "ana@agence.test";

    private const string FrenchCharter = """
        {
          "toneNotes": "Vouvoiement.",
          "bannedTerms": [{ "term": "arnaque", "severity": "blocking", "note": "Dites « offre »." }, { "term": "prix cassé" }],
          "requiredMentions": [{ "text": "#partenariat", "campaign": "soldes-hiver" }],
          "breachBlocksApproval": true
        }
        """;

    [Fact]
    public async Task SetShowCheck_FrenchCharter_FindingsWithTheirPlaceAndExitCodes()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        (await ChorusProcess.RunAsync(database, "a long enough password\n", "user", "create", "--email", Owner, "--name", "Ana", "--password-stdin", "--organization", "Agence"))
            .ExitCode.ShouldBe(0);
        (await ChorusProcess.RunAsync(database, null, "workspace", "create", "--owner", Owner, "--name", "Marque")).ExitCode.ShouldBe(0);

        var set = await ChorusProcess.RunAsync(database, FrenchCharter, "charter", "set", "--workspace", "Marque", "--as", Owner);
        set.ExitCode.ShouldBe(0, set.Error);
        set.Output.ShouldContain("charter saved: 2 banned terms, 1 required mentions");

        var shown = await ChorusProcess.RunAsync(database, null, "charter", "show", "--workspace", "Marque", "--as", Owner, "--json");
        shown.ExitCode.ShouldBe(0, shown.Error);
        var charter = JsonDocument.Parse(shown.Output).RootElement;
        charter.GetProperty("bannedTerms").EnumerateArray().Select(t => t.GetProperty("term").GetString()).ShouldBe(["arnaque", "prix cassé"]);
        charter.GetProperty("bannedTerms")[0].GetProperty("severity").GetString().ShouldBe("Blocking");

        var breach = await ChorusProcess.RunAsync(database, null, "charter", "check", "--workspace", "Marque", "--as", Owner,
            "--text", "C'est de l'ARNAQUE", "--part", "Un prix cassé", "--campaign", "soldes-hiver");
        breach.ExitCode.ShouldBe(1, breach.Error);
        breach.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => string.Join('\t', line.Split('\t')[..5])).ShouldBe(
        [
            "BannedTerm\tBlocking\ttext\t11+7\tarnaque",
            "RequiredMention\tWarning\ttext\t-\t#partenariat",
            "BannedTerm\tWarning\tparts[0].text\t3+10\tprix cassé",
        ]);

        var clean = await ChorusProcess.RunAsync(database, null, "charter", "check", "--workspace", "Marque", "--as", Owner, "--text", "Une belle offre", "--json");
        clean.ExitCode.ShouldBe(0, clean.Error);
        var report = JsonDocument.Parse(clean.Output).RootElement;
        report.GetProperty("findings").GetArrayLength().ShouldBe(0);
        report.GetProperty("blocksApproval").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Set_BadDocument_Exit2NamingTheFieldAndNothingChanged()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        (await ChorusProcess.RunAsync(database, null, "user", "create", "--email", Owner, "--name", "Ana", "--password", "a long enough password", "--organization", "Agence"))
            .ExitCode.ShouldBe(0);
        (await ChorusProcess.RunAsync(database, null, "workspace", "create", "--owner", Owner, "--name", "Marque")).ExitCode.ShouldBe(0);

        var duplicate = await ChorusProcess.RunAsync(database, """{"bannedTerms":[{"term":"arnaque"},{"term":"ARNAQUÉ"}]}""", "charter", "set", "--workspace", "Marque", "--as", Owner);
        var notJson = await ChorusProcess.RunAsync(database, "{ bannedTerms: ", "charter", "set", "--workspace", "Marque", "--as", Owner);
        var shown = await ChorusProcess.RunAsync(database, null, "charter", "show", "--workspace", "Marque", "--as", Owner);

        duplicate.ExitCode.ShouldBe(2);
        duplicate.Error.ShouldContain("bannedTerms[1].term");
        notJson.ExitCode.ShouldBe(2);
        notJson.Error.ShouldContain("not a charter document");
        shown.Output.ShouldContain("no charter yet");
    }
}
