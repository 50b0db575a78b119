using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Chorus.Platform.Audit;

/// <summary>An audit entry as a sentence fragment in the person's language: the action's name and what changed,
/// with role names translated, never the stored codes or JSON.</summary>
public static class AuditText
{
    /// <summary>The translation key of an action ("Audit.member.role_changed"); an unknown action shows its code.</summary>
    public static string Action(IStringLocalizer localizer, string action)
    {
        var translated = localizer["Audit." + action];
        return translated.ResourceNotFound ? action : translated.Value;
    }

    public static string Details(IStringLocalizer localizer, AuditEntry entry)
    {
        using var document = JsonDocument.Parse(entry.Details);
        var details = document.RootElement;
        string? Text(string name) => details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        string Role(string? role) => role is null ? "" : localizer["Role." + role] is { ResourceNotFound: false } label ? label.Value : role;
        return entry.Action switch
        {
            "member.role_changed" => localizer["{0} → {1}", Role(Text("from")), Role(Text("to"))],
            "channel.renamed" or "workspace.renamed" => localizer["{0} → {1}", Text("from") ?? "", Text("to") ?? ""],
            "invitation.created" or "invitation.accepted" or "member.removed" or "token.created" => localizer["Role: {0}", Role(Text("role"))],
            "channel.connected" => details.TryGetProperty("reconnected", out var again) && again.ValueKind == JsonValueKind.True
                ? localizer["{0}, reconnected", Text("account") ?? ""] : Text("account") ?? "",
            "channel.disconnected" => Text("account") ?? "",
            "channel.broken" => Chorus.Channels.Pages.ChannelMessages.Explain(localizer, Text("reason")),
            _ => "",
        };
    }
}
