namespace Chorus.Text.Moderation;

/// <summary>
/// The author fields a blog comment arrives with (name and website, both optional): spammers stuff
/// keywords into the name ("Rachat de crédit pas cher") and drop their link in the website field.
/// </summary>
public sealed record CommentAuthor(string? Name, string? Url);
