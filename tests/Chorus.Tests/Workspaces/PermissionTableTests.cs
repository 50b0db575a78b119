using Chorus.Workspaces;

namespace Chorus.Tests.Workspaces;

public sealed class PermissionTableTests
{
    [Fact]
    public void ReadmePermissionTable_MatchesTheMatrixTheServerEnforces()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "README.md")) || !File.Exists(Path.Combine(directory.FullName, "Chorus.slnx"))) directory = directory.Parent;
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "README.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| permission |", StringComparison.Ordinal));
        header.ShouldBeGreaterThan(0, "the README has no permission table");
        var roles = Cells(lines[header]).Skip(1).Select(Enum.Parse<WorkspaceRole>).ToList();
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();

        roles.ShouldBe(Enum.GetValues<WorkspaceRole>());
        rows.Select(r => Enum.Parse<Permission>(r[0])).ShouldBe(Enum.GetValues<Permission>());
        foreach (var row in rows)
        {
            var permission = Enum.Parse<Permission>(row[0]);
            for (var i = 0; i < roles.Count; i++)
                (row[i + 1] == "yes").ShouldBe(PermissionMatrix.Allows(roles[i], permission), $"{permission} for {roles[i]}");
        }
    }

    private static string[] Cells(string line) => line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
