using System.Text;
using CsvHelper;

namespace Chorus.Publishing.Csv;

/// <summary>One data row of a posts file, as written in it (not yet checked).</summary>
/// <param name="Row">The row's number: 1 for the first row after the header.</param>
/// <param name="Line">The line of the file where the row starts (a quoted text may run over several lines).</param>
public sealed record PostsCsvRow(int Row, int Line, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The trimmed value of a column; null when the column is absent or the field empty.</summary>
    public string? this[string column] => Values.TryGetValue(column, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>The value as written (texts keep their own spaces and line breaks); null when absent or blank.</summary>
    public string? Raw(string column) => Values.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

/// <summary>What is wrong in a posts file: a row's column, or the file itself (<see cref="Row"/> null).</summary>
/// <param name="Row">1 for the first row after the header (a spreadsheet shows it as its row 2).</param>
/// <param name="Line">The line of the file where the row starts.</param>
/// <param name="Column">The column's name in the header, or "file".</param>
public sealed record CsvRowError(int? Row, int? Line, string Column, string Reason)
{
    public override string ToString() =>
        Row is { } row
            ? $"row {row}{(Line is { } line && line != row + 1 ? $" (line {line} of the file)" : "")}, column {Column}: {Reason}"
            : $"{Column}: {Reason}";
}

/// <summary>A posts file that is refused, with every reason; nothing of it was imported.</summary>
public sealed class PostsCsvException(IReadOnlyList<CsvRowError> errors)
    : Exception($"The file was not imported: {errors.Count} error(s). {PostsCsv.RowConvention}")
{
    public IReadOnlyList<CsvRowError> Errors { get; } = errors;
}

/// <summary>
/// The posts file: a header naming the columns (in any order, any case), then one row per variant. Read from UTF-8 (with
/// or without a byte order mark) or, failing that, Windows-1252 (what Excel writes for "CSV"), separated by commas or
/// semicolons (French Excel), quoted fields running over several lines. Written in UTF-8 with commas, and a text that a
/// spreadsheet would run as a formula prefixed with an apostrophe, which reading removes again.
/// </summary>
public static class PostsCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 1000;

    public const string Post = "post";
    public const string Channel = "channel";
    public const string At = "at";
    public const string Text = "text";
    public const string Title = "title";
    public const string Link = "link";
    public const string ContentWarning = "content_warning";
    public const string Language = "language";
    public const string Campaign = "campaign";

    /// <summary>Every column, in the order an export writes them.</summary>
    public static readonly IReadOnlyList<string> Columns = [Post, Channel, At, Text, Title, Link, ContentWarning, Language, Campaign];

    private static readonly string[] Required = [Channel, Text];

    public const string RowConvention = "Rows are counted from 1 after the header: row 1 is the first post row (a spreadsheet's row 2).";

    /// <summary>The characters a spreadsheet reads as the start of a formula (OWASP's list), escaped on export.</summary>
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>The rows of the file, or every reason it cannot be read at all (too large, not a table of posts,
    /// broken quoting, too many rows).</summary>
    public static IReadOnlyList<PostsCsvRow> Read(ReadOnlySpan<byte> file)
    {
        if (file.Length > MaxBytes) throw FileError($"The file is larger than {MaxBytes / 1024 / 1024} MB; split it into several files.");
        var text = Decode(file);
        if (string.IsNullOrWhiteSpace(text)) throw FileError($"The file is empty; its first line names the columns: {string.Join(",", Columns)}.");

        var options = new CsvReaderOptions
        {
            Separator = SeparatorOf(text),
            HasHeader = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
            TrimWhitespace = false,
        };
        using var reader = CsvReader.FromText(text, options);
        try
        {
            reader.ReadHeader();
            var header = reader.Headers.Select(h => h.Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant()).ToList();
            var headerErrors = new List<CsvRowError>();
            foreach (var unknown in header.Where(h => !Columns.Contains(h)).Distinct())
                headerErrors.Add(new CsvRowError(null, 1, "header", $"'{unknown}' is not a column of a posts file; the columns are {string.Join(", ", Columns)}."));
            foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1 && Columns.Contains(g.Key)))
                headerErrors.Add(new CsvRowError(null, 1, "header", $"The column '{twice.Key}' is named twice."));
            foreach (var missing in Required.Where(r => !header.Contains(r)))
                headerErrors.Add(new CsvRowError(null, 1, "header", $"The column '{missing}' is missing; the first line names the columns, at least {string.Join(",", Required)}."));
            if (headerErrors.Count > 0) throw new PostsCsvException(headerErrors);

            var rows = new List<PostsCsvRow>();
            var tooLong = new List<CsvRowError>();
            while (reader.Read())
            {
                var row = (int)reader.RowNumber;
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i >= header.Count)
                    {
                        // A separator in an unquoted text splits it: say so rather than drop the rest.
                        if (!reader.IsEmpty(i))
                            tooLong.Add(new CsvRowError(row, (int)reader.LineNumber, header[^1],
                                "This row has more fields than the header has columns: put a text holding the separator in double quotes."));
                        break;
                    }
                    values[header[i]] = Unescape(reader.GetString(i) ?? "");
                }
                // A row of separators only is a blank row of a spreadsheet.
                if (values.Values.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count == MaxRows) throw FileError($"The file has more than {MaxRows} rows; split it into several files.");
                rows.Add(new PostsCsvRow(row, (int)reader.LineNumber, values));
            }
            if (tooLong.Count > 0) throw new PostsCsvException(tooLong);
            if (rows.Count == 0) throw FileError("The file has a header but no post row.");
            return rows;
        }
        catch (CsvFormatException broken)
        {
            var row = broken.RecordNumber > 1 ? (int?)(broken.RecordNumber - 1) : null;
            throw new PostsCsvException([new CsvRowError(row, broken.LineNumber > 0 ? (int)broken.LineNumber : null, row is null ? "file" : "text",
                "The quoting is broken: a field that starts with a double quote ends with one, and a double quote inside it is written twice (\"\").")]);
        }
    }

    /// <summary>Writes the header and the rows, one per variant (values in <see cref="Columns"/>' order).</summary>
    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var output = new StringWriter();
        using (var writer = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            foreach (var column in Columns) writer.WriteField(column);
            writer.EndRecord();
            foreach (var row in rows)
            {
                foreach (var value in row) writer.WriteField(value ?? "");
                writer.EndRecord();
            }
        }
        return output.ToString();
    }

    /// <summary>UTF-8 (a byte order mark is dropped); bytes that are not UTF-8 are read as Windows-1252, which is what
    /// Excel saves as "CSV" on a French or English Windows.</summary>
    private static string Decode(ReadOnlySpan<byte> file)
    {
        var body = file.StartsWith("\uFEFF"u8) ? file[3..] : file;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(body);
        }
    }

    /// <summary>The header names columns with letters and underscores only, so the first other character of its line
    /// that is a separator is the file's separator.</summary>
    private static char SeparatorOf(string text)
    {
        foreach (var c in text)
        {
            if (c is ',' or ';' or '\t') return c;
            if (c is '\r' or '\n') break;
        }
        return ',';
    }

    /// <summary>Undoes the export's protection against formulas: an apostrophe before a formula's first character.</summary>
    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1], StringComparison.Ordinal) ? value[1..] : value;

    private static PostsCsvException FileError(string reason) => new([new CsvRowError(null, null, "file", reason)]);
}
