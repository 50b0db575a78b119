using System.Diagnostics;
using Chorus.Data.Database;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chorus.Data.Tests.Database;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chorus-cluster-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Start_PasswordFileMissing_RefusesKeepsTheDataAndThePrintedStepsRecoverIt()
    {
        var cluster = await EmbeddedPostgres.StartAsync(_data, NullLogger.Instance);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await connection.ExecuteAsync("create table kept (v text); insert into kept values ('still here')");
        }
        NpgsqlConnection.ClearAllPools();
        await cluster.StopAsync();
        File.Delete(cluster.SecretFile);

        var refused = await Should.ThrowAsync<DataFolderException>(() => EmbeddedPostgres.StartAsync(_data, NullLogger.Instance));

        refused.Message.ShouldContain(cluster.SecretFile);
        refused.Message.ShouldContain("restore");
        File.Exists(Path.Combine(cluster.ClusterDirectory, "PG_VERSION")).ShouldBeTrue();
        File.Exists(cluster.SecretFile).ShouldBeFalse();
        var steps = refused.Message.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("echo ", StringComparison.Ordinal) || l.StartsWith("(umask", StringComparison.Ordinal)).ToList();
        steps.Count.ShouldBe(2, refused.Message);
        foreach (var step in steps) (await ShellAsync(step)).ShouldBe(0, step);

        var recovered = await EmbeddedPostgres.StartAsync(_data, NullLogger.Instance);
        try
        {
            await using var connection = new NpgsqlConnection(recovered.ConnectionString("postgres"));
            (await connection.ExecuteScalarAsync<string>("select v from kept")).ShouldBe("still here");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await recovered.DestroyAsync();
        }
    }

    [Fact]
    public async Task Start_ClusterFolderWithoutPgVersion_RefusedAndLeftAsItWas()
    {
        var cluster = await EmbeddedPostgres.StartAsync(_data, NullLogger.Instance);
        await cluster.StopAsync();
        File.Delete(Path.Combine(cluster.ClusterDirectory, "PG_VERSION"));
        var entries = Directory.GetFileSystemEntries(cluster.ClusterDirectory).Length;

        var refused = await Should.ThrowAsync<DataFolderException>(() => EmbeddedPostgres.StartAsync(_data, NullLogger.Instance));

        refused.Message.ShouldContain("PG_VERSION");
        Directory.GetFileSystemEntries(cluster.ClusterDirectory).Length.ShouldBe(entries);
    }

    private static async Task<int> ShellAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        await error;
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
