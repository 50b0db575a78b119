using Chorus.Data.Jobs;
using Chorus.Platform.Shell;
using Chorus.Publishing.Composer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing;

/// <summary>Posts, their approval and the publishing engine (the "publishing.variant" job, run by every node whose
/// Jobs:Enabled is true). Needs AddChannels.</summary>
public static class PublishingModule
{
    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PublishingService>();
        services.AddComposer();
        services.AddJobHandler<PublishVariantJob>(PublishVariantJob.Kind);
        services.AddNavigation(new NavigationItem(NavigationSection.DailyWork, 20, "Posts", "send", "posts", Permission.ViewWorkspace))
            .AddGettingStartedStep<WriteAFirstPostStep>();
        return builder;
    }
}

/// <summary>Getting started: write the first post (done once the workspace has one).</summary>
public sealed class WriteAFirstPostStep(PublishingService posts) : IGettingStartedStep
{
    public int Order => 30;
    public string Title => "Write a first post";
    public string Explanation => "Write it once, choose the channels it goes to, and publish it now or at a time you pick.";
    public string Path => "posts/new";
    public string Action => "Write";
    public Permission Permission => Permission.WritePosts;

    public async Task<bool> IsDoneAsync(WorkspaceContext workspace, CancellationToken cancellationToken) =>
        (await posts.ListAsync(workspace, new PostFilter(), null, 1, cancellationToken)).Items.Count > 0;
}
