using Chorus.Text.Duplicates;

namespace Chorus.Text.Tests.Duplicates;

public class SimHashTests
{
    private const string Story =
        "Le nouveau stade de Lyon accueillera la finale de la coupe en mai prochain, a annoncé la fédération mardi soir " +
        "après une longue réunion avec les représentants de la ville et des clubs de la région.";

    [Fact]
    public void Compute_SameTextDifferentCaseAccentsPunctuation_IsIdentical()
    {
        var a = SimHash.Compute("Génial, le concert était SUPER !!!");
        var b = SimHash.Compute("genial le concert etait super");

        a.ShouldBe(b);
        SimHash.ExactHash("Génial, le concert était SUPER !!!").ShouldBe(SimHash.ExactHash("genial   le concert etait super"));
    }

    [Fact]
    public void Compute_OneWordChangedInAStory_IsNearDuplicate()
    {
        var edited = Story.Replace("mardi soir", "mardi", StringComparison.Ordinal);

        SimHash.Distance(SimHash.Compute(Story), SimHash.Compute(edited)).ShouldBeLessThanOrEqualTo(SimHash.DefaultMaxDistance);
        SimHash.AreNearDuplicates(SimHash.Compute(Story), SimHash.Compute(edited)).ShouldBeTrue();
        SimHash.ExactHash(Story).ShouldNotBe(SimHash.ExactHash(edited));
    }

    [Fact]
    public void Compute_UnrelatedTexts_AreFar()
    {
        var other = SimHash.Compute(
            "Our customer service team is available from nine to five on weekdays; please send your order number with any question.");

        SimHash.Distance(SimHash.Compute(Story), other).ShouldBeGreaterThan(12);
    }

    [Fact]
    public void Compute_SameTopicDifferentStory_IsNotNearDuplicate()
    {
        var a = SimHash.Compute("Le nouveau stade de Lyon accueillera la finale de la coupe en mai prochain");
        var b = SimHash.Compute("La mairie de Lyon va rénover la piscine municipale avant l'été prochain");

        SimHash.AreNearDuplicates(a, b).ShouldBeFalse();
    }

    [Fact]
    public void Compute_NoWords_IsZero()
    {
        SimHash.Compute("!!! ... ???").ShouldBe(0UL);
        SimHash.ExactHash("").ShouldBe(0UL);
    }

    [Fact]
    public void Distance_CountsDifferingBits()
    {
        SimHash.Distance(0b1011UL, 0b0001UL).ShouldBe(2);
        SimHash.Distance(ulong.MaxValue, 0).ShouldBe(64);
    }

    [Fact]
    public void TextHash_IsStableAndSpreadsBits()
    {
        TextHash.Hash("chorus").ShouldBe(TextHash.Hash("chorus"));
        SimHash.Distance(TextHash.Hash("chorus"), TextHash.Hash("chorut")).ShouldBeGreaterThan(16);
    }

    [Fact]
    public void NearDuplicateIndex_FindsHashesWithinDistanceOnly()
    {
        var index = new NearDuplicateIndex<string>();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            index.Add((ulong)random.NextInt64() ^ ((ulong)random.Next() << 32), "noise" + i);
        }
        const ulong target = 0xF0F0_1234_ABCD_5678UL;
        index.Add(target ^ (1UL << 3) ^ (1UL << 40) ^ (1UL << 63), "three-bits");
        index.Add(target ^ (1UL << 17), "one-bit");
        index.Add(target ^ 0xFUL, "four-bits");

        var found = index.FindNear(target);

        found.Select(f => f.Id).ShouldBe(["one-bit", "three-bits"]);
        found[0].Distance.ShouldBe(1);
        index.Count.ShouldBe(10_003);
    }

    [Fact]
    public void NearDuplicateIndex_FindsEditedStory()
    {
        var index = new NearDuplicateIndex<int>();
        index.Add(SimHash.Compute(Story), 1);
        index.Add(SimHash.Compute("Our customer service team is available from nine to five on weekdays."), 2);

        var found = index.FindNear(SimHash.Compute(Story.Replace("mardi soir", "mardi", StringComparison.Ordinal)));

        found.Select(f => f.Id).ShouldBe([1]);
    }

    [Fact]
    public void NearDuplicateIndex_RejectsUnsupportedDistance()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new NearDuplicateIndex<int>().FindNear(0, 4));
    }
}
