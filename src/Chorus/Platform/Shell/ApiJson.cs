using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chorus.Platform.Shell;

/// <summary>
/// The API's JSON: enums as their names, and what no handler should have to check refused while reading, so the
/// problem names the JSON path with its line and byte (<see cref="ApiProblems"/>).
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new StorableStringConverter());
        options.Converters.Add(new StrictEnumConverterFactory());
    }
}

/// <summary>
/// Every string the API reads: PostgreSQL cannot store a NUL character in text (error 22021) and UTF-8 cannot encode
/// a lone surrogate (\ud800), so both are refused at the door rather than failing deep inside a query.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("This value is not a string.");
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException("This text holds an invalid escape (a lone UTF-16 surrogate such as \\ud800).");
        }
        if (value.Contains('\0')) throw new JsonException("This text holds a NUL character (\\u0000), which cannot be stored.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Enums read by their names only (any case): not numbers, and not the comma-separated combinations ("Owner, Admin")
/// that <see cref="JsonStringEnumConverter"/> accepts for any enum, as flags. Written by name.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly string[] Names = Enum.GetNames<TEnum>();

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var name = Array.Find(Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return name is not null
                ? Enum.Parse<TEnum>(name)
                : throw new JsonException($"{(text is null ? "This value" : $"'{text}'")} is not one of {string.Join(", ", Names)}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
