using System.Globalization;
using System.Text.RegularExpressions;
using Chorus.Connectors.Abstractions;
using Chorus.Workspaces;
using Chorus.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Chorus.Tests.Platform;

public sealed partial class TranslationTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public void EveryUiString_HasAFrenchTranslation()
    {
        // Pages live in their modules' folders: every .cshtml and its model.
        var source = Path.Combine(RepositoryRoot(), "src", "Chorus");
        var keys = Directory.EnumerateFiles(source, "*.cshtml*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => UiString().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(key => !key.EndsWith('.'))
            .Concat(Enum.GetNames<WorkspaceRole>().Select(r => "Role." + r))
            .Concat(Enum.GetNames<Permission>().Select(p => "Permission." + p))
            // The networks' names and connect forms come from their descriptors.
            .Concat(app.Get<NetworkCatalog>().All.SelectMany(n => n.Fields.SelectMany(f => new[] { f.LabelKey, f.HelpKey }).Append(n.DisplayName).Append(n.ConnectLabel)))
            .OfType<string>()
            .Distinct().ToList();
        var localizer = app.Get<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            var missing = keys.Where(key => localizer[key].ResourceNotFound).ToList();

            keys.Count.ShouldBeGreaterThan(80);
            missing.ShouldBeEmpty();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void RoleAndPermissionLabels_InEnglish_AreWordsNotKeys()
    {
        var localizer = app.Get<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var raw = Enum.GetNames<WorkspaceRole>().Select(r => "Role." + r).Concat(Enum.GetNames<Permission>().Select(p => "Permission." + p))
                .Where(key => localizer[key].ResourceNotFound || localizer[key].Value.Contains('.', StringComparison.Ordinal)).ToList();

            raw.ShouldBeEmpty();
            localizer["Role.ClientApprover"].Value.ShouldBe("Client approver");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chorus.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Chorus.slnx not found above the test folder.");
    }

    // T["..."] in views, labels of FieldModel, and messages shown with AddModelError.
    [GeneratedRegex("""(?:T\["|new FieldModel\("\w+", "|AddModelError\([^,]+, ")([^"]+)"[\],)]""")]
    private static partial Regex UiString();
}
