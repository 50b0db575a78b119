using System.Globalization;
using System.Text.RegularExpressions;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
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
            // "Role." + role: the prefix of keys listed below, not a string.
            .Where(key => !PrefixOnly().IsMatch(key))
            .Concat(Enum.GetNames<WorkspaceRole>().Select(r => "Role." + r))
            .Concat(Enum.GetNames<Permission>().Select(p => "Permission." + p))
            // The networks' names and connect forms come from their descriptors.
            .Concat(app.Get<NetworkCatalog>().All.SelectMany(n => n.Fields.SelectMany(f => new[] { f.LabelKey, f.HelpKey }).Append(n.DisplayName).Append(n.ConnectLabel)))
                        .Concat(app.Get<IEnumerable<NavigationItem>>().Select(item => item.Label))
            .Concat(app.Get<IEnumerable<IGettingStartedStep>>().SelectMany(step => new[] { step.Title, step.Explanation, step.Action }))
            // Notifications are rendered from their kind's sentence; e-mails have sentences of their own.
            .Concat(app.Get<Chorus.Notifications.NotificationKinds>().All.SelectMany(kind => new[] { kind.Sentence, kind.Label }))
            .Concat(Chorus.Notifications.NotificationMailJob.Strings).Concat(Chorus.Platform.Accounts.PasswordResetMailJob.Strings)
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

    [Fact]
    public void FrenchText_UsesTypographicApostrophes()
    {
        var french = File.ReadAllLines(Path.Combine(RepositoryRoot(), "tools", "fr.tsv")).Select(line => line.Split('\t')[^1]);

        french.Where(text => text.Contains('\'', StringComparison.Ordinal)).ShouldBeEmpty();
    }

    // T["..."] in views, localizer["..."] in page models, labels of FieldModel, and messages shown with AddModelError.
    [GeneratedRegex("""(?:T\["|localizer\["|new FieldModel\("\w+", "|AddModelError\([^,]+, ")([^"]+)"[\],)]""")]
    private static partial Regex UiString();

    [GeneratedRegex(@"^\w+\.$")]
    private static partial Regex PrefixOnly();
}
