namespace Chorus.Connectors.WordPress;

/// <summary>
/// A WordPress user and one of its application passwords (Users → Profile → Application Passwords,
/// WordPress 5.6+). Sent as HTTP Basic auth; the app keeps this record encrypted at rest.
/// </summary>
public sealed record WordPressCredentials(string UserName, string ApplicationPassword);
