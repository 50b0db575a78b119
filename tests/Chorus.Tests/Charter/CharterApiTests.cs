using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Charter;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Charter;

/// <summary>The charter through the REST API against a real PostgreSQL: who may read, set and check it, what is
/// stored and audited, and what a check finds in French texts.</summary>
public sealed class CharterApiTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static object FrenchCharter(Guid? channelId = null) => new
    {
        toneNotes = "Tutoiement, phrases courtes, jamais d’ironie.",
        bannedTerms = new object[]
        {
            new { term = "arnaque", severity = "Blocking", note = "Dites « offre »." },
            new { term = "prix cassé", severity = "Warning" },
        },
        requiredMentions = new object[] { new { text = "#partenariat", channelId, campaign = "soldes-hiver", severity = "Blocking" } },
        toxicityThreshold = 0.5,
        toxicitySeverity = "Warning",
        breachBlocksApproval = true,
    };

    private static string Charter(Guid workspaceId) => $"/api/v1/workspaces/{workspaceId}/charter";

    [Fact]
    public async Task Get_NoCharterYet_EmptyCharter()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        var charter = await api.GetFromJsonAsync<WorkspaceCharter>(Charter(workspace.WorkspaceId), Json);

        charter!.IsEmpty.ShouldBeTrue();
        charter.UpdatedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Put_ByOwner_StoredInOrderAuditedAndReadByEveryMember()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var reader = app.Api(await app.TokenAsync(analyst.UserId, workspace.WorkspaceId));

        using var put = await owner.PutAsJsonAsync(Charter(workspace.WorkspaceId), FrenchCharter());

        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var read = (await reader.GetFromJsonAsync<WorkspaceCharter>(Charter(workspace.WorkspaceId), Json))!;
        read.ToneNotes.ShouldBe("Tutoiement, phrases courtes, jamais d’ironie.");
        read.BannedTerms.ShouldBe([new BannedTerm("arnaque", CharterSeverity.Blocking, "Dites « offre »."), new BannedTerm("prix cassé")]);
        read.RequiredMentions.ShouldBe([new RequiredMention("#partenariat", null, "soldes-hiver", CharterSeverity.Blocking)]);
        (read.ToxicityThreshold, read.BreachBlocksApproval, read.UpdatedBy).ShouldBe((0.5, true, (Guid?)workspace.Owner.UserId));
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var details = await connection.QuerySingleAsync<string>(
            "select details::text from audit_log where workspace_id = @id and action = 'charter.updated' and actor_user_id = @owner",
            new { id = workspace.WorkspaceId, owner = workspace.Owner.UserId });
        details.ShouldContain("\"bannedTermsAdded\": [\"arnaque\", \"prix cassé\"]");
    }

    [Theory]
    [InlineData(WorkspaceRole.ContentManager)]
    [InlineData(WorkspaceRole.CommunityManager)]
    [InlineData(WorkspaceRole.ClientApprover)]
    public async Task Put_ByAMemberWhoIsNotAdmin_403AndNothingStored(WorkspaceRole role)
    {
        var workspace = await app.CreateWorkspaceAsync();
        var member = await app.AddMemberAsync(workspace, role);
        using var api = app.Api(await app.TokenAsync(member.UserId, workspace.WorkspaceId));

        using var put = await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), FrenchCharter());

        put.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CountAsync("select count(*) from charters where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
        using var check = await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check", new { text = "bonjour" });
        check.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnotherWorkspace_404()
    {
        var mine = await app.CreateWorkspaceAsync();
        var theirs = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(mine.Owner.UserId, mine.WorkspaceId));

        (await api.GetAsync(Charter(theirs.WorkspaceId))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostAsJsonAsync(Charter(theirs.WorkspaceId) + "/check", new { text = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string> BadCharters => new()
    {
        { """{"bannedTerms":[{"term":"arnaque"},{"term":"  "}]}""", "bannedTerms[1].term", "required" },
        { """{"bannedTerms":[{"term":"arnaque"},{"term":"ARNAQUÉ"}]}""", "bannedTerms[1].term", "already banned (bannedTerms[0])" },
        { """{"bannedTerms":[{"term":"?!"}]}""", "bannedTerms[0].term", "at least one word" },
        { """{"bannedTerms":[{"term":"x","severity":"fatal"}]}""", "bannedTerms[0].severity", "not one of Warning, Blocking" },
        { """{"requiredMentions":[{"text":"#pub","channelId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}]}""", "requiredMentions[0].channelId", "not a channel of this workspace" },
        { """{"toxicityThreshold":1.5}""", "toxicityThreshold", "between 0" },
        { """{"toneNotes":"XXXX"}""".Replace("XXXX", new string('t', 4001), StringComparison.Ordinal), "toneNotes", "4000" },
    };

    [Theory]
    [MemberData(nameof(BadCharters))]
    public async Task Put_BadValue_400NamingTheFieldAndNothingStored(string body, string field, string reason)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var put = await api.PutAsync(Charter(workspace.WorkspaceId), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var messages = errors.EnumerateObject().Where(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(field, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())).ToList();
        messages.ShouldNotBeEmpty(errors.ToString());
        messages.ShouldContain(m => m!.Contains(reason, StringComparison.OrdinalIgnoreCase), errors.ToString());
        (await app.CountAsync("select count(*) from charters where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task Put_SeveralBadValues_EveryFieldNamedAtOnce()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var put = await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), new
        {
            bannedTerms = new[] { new { term = "ok" }, new { term = "" }, new { term = "..." } },
            requiredMentions = new[] { new { text = "" } },
            toxicityThreshold = 0,
        });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        errors.ShouldBe(["bannedTerms[1].term", "bannedTerms[2].term", "requiredMentions[0].text", "toxicityThreshold"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("C'est de l'arnaque, franchement.", 11)]
    [InlineData("ARNAQUE !", 0)]
    [InlineData("Tout est arnaqué ?", 9)]
    public async Task Check_FrenchBannedTerm_FoundWithItsPlaceAndBlocksApproval(string text, int start)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), FrenchCharter())).EnsureSuccessStatusCode();

        using var response = await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check", new { text, campaign = "autre" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = (await response.Content.ReadFromJsonAsync<CharterReport>(Json))!;
        var finding = report.Findings.ShouldHaveSingleItem();
        (finding.Rule, finding.Term, finding.Severity, finding.Field, finding.Start).ShouldBe((CharterRule.BannedTerm, "arnaque", CharterSeverity.Blocking, "text", (int?)start));
        finding.Note.ShouldBe("Dites « offre ».");
        report.BlocksApproval.ShouldBeTrue();
        report.ToneNotes.ShouldStartWith("Tutoiement");
    }

    [Fact]
    public async Task Check_ThreadOnAChannelInACampaign_PhraseInAPartAndTheMissingMention()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), FrenchCharter())).EnsureSuccessStatusCode();

        var report = (await (await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check",
            new { text = "Les soldes commencent", parts = new[] { "Tout est à PRIX CASSÉ !" }, campaign = "soldes-hiver" })).Content.ReadFromJsonAsync<CharterReport>(Json))!;

        report.Findings.Select(f => (f.Rule, f.Field, f.Part, f.Start, f.Length)).ShouldBe(
        [
            (CharterRule.RequiredMention, "text", (int?)null, (int?)null, (int?)null),
            (CharterRule.BannedTerm, "parts[0].text", 0, 11, 10),
        ]);
    }

    [Fact]
    public async Task Check_AfterTheCharterChanged_UsesTheNewCharter()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        async Task<int> FindingsAsync() =>
            (await (await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check", new { text = "Promo gratuite" })).Content.ReadFromJsonAsync<CharterReport>(Json))!.Findings.Count;

        (await FindingsAsync()).ShouldBe(0);
        (await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), new { bannedTerms = new[] { new { term = "gratuit*" } } })).EnsureSuccessStatusCode();
        (await FindingsAsync()).ShouldBe(1);
        (await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), new { bannedTerms = Array.Empty<object>() })).EnsureSuccessStatusCode();
        (await FindingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Check_RequiredMentionOfOneChannel_OnlyOnThatChannel()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = Guid.NewGuid();
        await using (var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await connection.ExecuteAsync("insert into channels (id, workspace_id, network, name, account, created_at) values (@channel, @workspace, 'feed', 'Blog', 'https://blog.example/feed', now())",
                new { channel, workspace = workspace.WorkspaceId });
        }
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await api.PutAsJsonAsync(Charter(workspace.WorkspaceId), new { requiredMentions = new[] { new { text = "Publicité", channelId = channel } } })).EnsureSuccessStatusCode();

        async Task<CharterReport> CheckAsync(Guid? channelId) =>
            (await (await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check", new { text = "Nouveau produit", channelId })).Content.ReadFromJsonAsync<CharterReport>(Json))!;

        (await CheckAsync(channel)).Findings.ShouldHaveSingleItem().Term.ShouldBe("Publicité");
        (await CheckAsync(Guid.NewGuid())).Findings.ShouldBeEmpty();
        (await CheckAsync(null)).Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Check_NoText_400OnText()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync(Charter(workspace.WorkspaceId) + "/check", new { channelId = (Guid?)null });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
    }
}
