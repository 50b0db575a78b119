namespace Chorus.Text.Tokens;

/// <summary>
/// Receives the searchable forms of each token as the tokenizer finds them. A token yields several
/// forms at the same position (folded, lower-case accented, sigil body, joined apostrophe form...).
/// </summary>
public interface ITermSink
{
    /// <summary>
    /// One searchable form. <paramref name="key"/> is only valid during the call.
    /// <paramref name="sourceStart"/>/<paramref name="sourceLength"/> locate the characters of the original
    /// text this form comes from, so exact-spelling operators can check the surface.
    /// </summary>
    void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength);
}
